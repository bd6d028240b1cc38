using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `history_blobs: { max_size, binary_globs, binary_max_size }` holds when no blob reachable from HEAD is larger than
/// max_size, and none matching binary_globs is larger than binary_max_size. A Git LFS pointer is a few hundred bytes, so
/// files stored through LFS never trip it. Blobs a partial clone lacks cannot be sized: they make the verdict unknown
/// unless another blob already fails.
/// </summary>
public sealed class HistoryBlobsCheck(long maxSize, IReadOnlyList<string> binaryGlobs, long binaryMaxSize) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "history_blobs", ["max_size", "binary_globs", "binary_max_size"], ["max_size"]);
        return new HistoryBlobsCheck(
            reader.Size(args["max_size"].Value, "'history_blobs.max_size'"),
            args.TryGetValue("binary_globs", out var globs) ? reader.Globs(globs.Value, "'history_blobs.binary_globs'") : [],
            args.TryGetValue("binary_max_size", out var binaryMax) ? reader.Size(binaryMax.Value, "'history_blobs.binary_max_size'") : long.MaxValue);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        if (context.History is not { } history)
        {
            return CheckResult.Unknown(context.HistoryUnavailableReason!);
        }

        var inventory = history.Blobs;
        var candidates = inventory.Present.Where(blob => blob.Size > Math.Min(maxSize, binaryMaxSize)).ToArray();
        var binaryPaths = new HashSet<string>(Globs.Match(binaryGlobs, candidates.Select(blob => blob.Path).Distinct()), StringComparer.Ordinal);
        var offenders = candidates
            .Where(blob => blob.Size > maxSize || (blob.Size > binaryMaxSize && binaryPaths.Contains(blob.Path)))
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
                EvidenceList.Capped(offenders.Select(blob => Describe(history, blob)).Concat(missingOffenders)));
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

        var provenances = missing.Select(oid => (Oid: oid, Provenance: history.Provenance(oid))).ToArray();
        var paths = provenances.Select(item => item.Provenance.Path).OfType<string>().Distinct().ToArray();
        var binaryPaths = least > binaryMaxSize ? new HashSet<string>(Globs.Match(binaryGlobs, paths), StringComparer.Ordinal) : [];
        var offenders = new List<Evidence>();
        var unsized = new List<string>();
        foreach (var (oid, provenance) in provenances)
        {
            if (least > maxSize || (provenance.Path is { } path && binaryPaths.Contains(path)))
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

    private static Evidence Describe(GitHistory history, HistoryBlob blob)
    {
        var provenance = history.Provenance(blob.Oid);
        var detail = Sizes.Format(blob.Size);
        if (provenance.AddedIn is { } added)
        {
            detail += $", added in {added[..12]}";
        }

        detail += provenance.RemovedIn is { } removed ? $", deleted in {removed[..12]} but still in history" : "";
        return new Evidence(blob.Path, null, provenance.AddedIn, detail);
    }
}
