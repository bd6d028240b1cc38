using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `history_blobs: { max_size, limits: [{ files, max_size }] }` holds when no blob reachable from HEAD is larger than
/// max_size, and none matching a limit's files is larger than that limit's max_size (data and model formats get a lower
/// limit than other files). `binary_globs` with `binary_max_size` is the one-limit shorthand. A Git LFS pointer is under
/// 1 KB (the LFS specification caps pointer files at 1024 bytes), so a limit of 1KB or more never counts a file stored
/// through LFS. Blobs a partial clone lacks cannot be sized: they make the verdict unknown unless another blob already
/// fails.
/// </summary>
public sealed class HistoryBlobsCheck(long maxSize, IReadOnlyList<HistoryBlobsCheck.SizeLimit> limits) : ICheck
{
    /// <summary>Blobs at these paths count once they are larger than MaxSize.</summary>
    public sealed record SizeLimit(IReadOnlyList<string> Files, long MaxSize);

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "history_blobs", ["max_size", "limits", "binary_globs", "binary_max_size"], ["max_size"]);
        var limits = new List<SizeLimit>();
        if (args.TryGetValue("limits", out var limitsNode))
        {
            foreach (var item in reader.Doc.Sequence(limitsNode.Value, "'history_blobs.limits'").Children)
            {
                var fields = reader.Arguments(item, "history_blobs limit", ["files", "max_size"], ["files", "max_size"]);
                limits.Add(new SizeLimit(reader.Globs(fields["files"].Value, "'limits.files'"), reader.Size(fields["max_size"].Value, "'limits.max_size'")));
            }
        }

        if (!args.ContainsKey("binary_globs") && args.TryGetValue("binary_max_size", out var orphan))
        {
            throw reader.Error(orphan.Key, "'binary_max_size' needs 'binary_globs': the files it limits");
        }

        if (args.TryGetValue("binary_globs", out var globs))
        {
            limits.Add(new SizeLimit(reader.Globs(globs.Value, "'history_blobs.binary_globs'"),
                args.TryGetValue("binary_max_size", out var binaryMax) ? reader.Size(binaryMax.Value, "'history_blobs.binary_max_size'") : 0));
        }

        return new HistoryBlobsCheck(reader.Size(args["max_size"].Value, "'history_blobs.max_size'"), limits);
    }

    public bool ReadsHistory => true;

    public CheckResult Evaluate(CheckContext context)
    {
        if (context.History is not { } history)
        {
            return CheckResult.Unknown(context.HistoryUnavailableReason!);
        }

        var inventory = history.Blobs;
        var lowest = limits.Count == 0 ? maxSize : Math.Min(maxSize, limits.Min(limit => limit.MaxSize));
        var candidates = inventory.Present.Where(blob => blob.Size > lowest).ToArray();
        var limitOf = LimitsByPath(candidates.Select(blob => blob.Path).Distinct().ToArray());
        var offenders = candidates
            .Where(blob => blob.Size > maxSize || (limitOf.TryGetValue(blob.Path, out var limit) && blob.Size > limit))
            .OrderByDescending(blob => blob.Size)
            .ToArray();

        // A blob:limit partial clone lacks exactly the blobs from its limit up: one of those fails when the limit alone
        // puts it over a threshold that applies to its path. The rest stay unsized.
        var (missingOffenders, unsized) = SizeMissing(history, inventory.MissingOids);

        var scope = $"{EvidenceList.Plural(inventory.Present.Count, "blob")} reachable from HEAD{(history.Depth is { } depth ? $" (last {depth} commits)" : "")}";
        if (offenders.Length + missingOffenders.Count > 0)
        {
            var total = offenders.Sum(blob => blob.Size) + missingOffenders.Count * (history.MissingBlobsAtLeast ?? 0);
            var atLeast = missingOffenders.Count > 0 ? "at least " : "";
            return CheckResult.Fails(
                $"{EvidenceList.Plural(offenders.Length + missingOffenders.Count, "large file")} ({atLeast}{Sizes.Format(total)}) committed to git history",
                EvidenceList.Capped(Describe(history, offenders).Concat(missingOffenders)));
        }

        if (unsized.Count > 0)
        {
            return MissingBlobs.Unknown(history, "so its size is unknown", "could not be sized", unsized);
        }

        var largest = inventory.Present.MaxBy(blob => blob.Size);
        return CheckResult.Holds($"no large files among {scope}",
            largest is null ? [] : [Evidence.File(largest.Path, $"largest blob: {Sizes.Format(largest.Size)}")]);
    }

    private (IReadOnlyList<Evidence> Offenders, IReadOnlyList<string> Unsized) SizeMissing(GitHistory history, IReadOnlyList<string> missing)
    {
        if (missing.Count == 0 || history.MissingBlobsAtLeast is not { } least)
        {
            return ([], missing);
        }

        var provenanceOf = history.Provenances(missing);
        var provenances = missing.Select(oid => (Oid: oid, Provenance: provenanceOf[oid])).ToArray();
        var limitOf = LimitsByPath(provenances.Select(item => item.Provenance.Path).OfType<string>().Distinct().ToArray());
        var offenders = new List<Evidence>();
        var unsized = new List<string>();
        foreach (var (oid, provenance) in provenances)
        {
            if (least > maxSize || (provenance.Path is { } path && limitOf.TryGetValue(path, out var limit) && least > limit))
            {
                var detail = $"at least {Sizes.Format(least)} (this partial clone leaves out every blob from that size)";
                detail += provenance.AddedIn is { } added ? $", added in {added[..12]}" : "";
                offenders.Add(new Evidence(provenance.Path, null, provenance.AddedIn, detail));
            }
            else
            {
                unsized.Add(oid);
            }
        }

        return (offenders, unsized);
    }

    /// <summary>The lowest limit each path falls under, for the paths some limit's files match.</summary>
    private Dictionary<string, long> LimitsByPath(IReadOnlyList<string> paths)
    {
        var limitOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var limit in limits)
        {
            foreach (var path in Globs.Match(limit.Files, paths))
            {
                limitOf[path] = limitOf.TryGetValue(path, out var other) ? Math.Min(other, limit.MaxSize) : limit.MaxSize;
            }
        }

        return limitOf;
    }

    private static IEnumerable<Evidence> Describe(GitHistory history, IReadOnlyList<HistoryBlob> blobs)
    {
        var provenanceOf = history.Provenances(blobs.Select(blob => blob.Oid));
        foreach (var blob in blobs)
        {
            var provenance = provenanceOf[blob.Oid];
            var detail = Sizes.Format(blob.Size);
            if (provenance.AddedIn is { } added)
            {
                detail += $", added in {added[..12]}";
            }

            detail += provenance.RemovedIn is { } removed ? $", deleted in {removed[..12]} but still in history" : "";
            yield return new Evidence(blob.Path, null, provenance.AddedIn, detail);
        }
    }
}
