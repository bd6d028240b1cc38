using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `condition: name` holds when the named condition holds. The condition is evaluated once per scan (and per file
/// scope), however many rules ask; its summary names the fact ("training code: found in train.py:12").
/// </summary>
public sealed class ConditionCheck(NamedCondition condition) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new ConditionCheck(reader.Condition(node));

    public IEnumerable<ICheck> Parts => [condition.Check];

    public CheckResult Evaluate(CheckContext context)
    {
        var result = context.Evaluate(condition);
        return result.Verdict switch
        {
            Verdict.Holds => result with { Summary = $"{condition.Title}: {result.Summary}" },
            Verdict.DoesNotHold => result with { Summary = condition.Title.StartsWith("the ", StringComparison.Ordinal) ? $"not {condition.Title}" : $"no {WithoutArticle(condition.Title)}" },
            _ => result with { Summary = $"{condition.Title}: {result.Summary}" },
        };
    }

    // Titles name one thing ("an automated hyperparameter search", "training code"); after "no" the article goes, and
    // a definite one ("the project's own code") is negated with "not".
    private static string WithoutArticle(string title) =>
        title.StartsWith("a ", StringComparison.Ordinal) ? title[2..]
        : title.StartsWith("an ", StringComparison.Ordinal) ? title[3..]
        : title;
}

/// <summary>
/// `each_file: { files, exclude, check, min_files, entry, follow_imports }` asks its check of each matching file on its
/// own, as if the repository held only that file, and holds when at least min_files files satisfy it. Judgements that
/// belong to one entry point ("this script trains a model and is not a reinforcement-learning loop") are made per file
/// this way, so one example elsewhere in the repository cannot decide them for all. With `follow_imports: true` the
/// check sees the file together with the project modules it imports (<see cref="ProgramFiles"/>): the whole program.
/// `entry` is asked of the file alone first, and only files that satisfy it count: what must hold of the entry point
/// itself (it runs as a script) is kept apart from what may hold anywhere in its program (it trains).
/// With `min_share` the question is how many of the entry points: it holds when at least that share of them satisfy the
/// check (every one is asked), and when there is none to ask. One seeded script among a dozen that train unseeded is
/// then not the project's practice.
/// </summary>
public sealed class EachFileCheck(FileScope scope, ICheck check, bool followImports = false, ICheck? entry = null, double? minShare = null) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "each_file", [.. FileScope.ArgumentNames, "check", "entry", "follow_imports", "min_share"], ["files", "check"]);
        double? minShare = null;
        if (args.TryGetValue("min_share", out var share))
        {
            minShare = reader.Doc.Number(share.Value, "'each_file.min_share'");
            if (minShare is not (> 0 and <= 1) || args.ContainsKey("min_files"))
            {
                throw reader.Error(share.Value, "'each_file.min_share' is a share above 0 and at most 1, and takes no 'min_files'");
            }
        }

        return new EachFileCheck(
            FileScope.Read(reader, args, "each_file"),
            CheckCompiler.Compile(reader, args["check"].Value),
            args.TryGetValue("follow_imports", out var follow) && reader.Boolean(follow.Value, "'each_file.follow_imports'"),
            args.TryGetValue("entry", out var entryNode) ? CheckCompiler.Compile(reader, entryNode.Value) : null,
            minShare);
    }

    public IEnumerable<ICheck> Parts => entry is null ? [check] : [check, entry];

    public CheckResult Evaluate(CheckContext context)
    {
        var candidates = scope.Candidates(context);
        var minFiles = scope.MinFiles;

        var holding = new List<(string Path, IReadOnlyList<string> Files, CheckResult Result)>();
        var missed = new List<Evidence>(); // why files fell short, for a failure to show
        CheckResult? undecided = null;
        var entries = 0; // candidates that pass the entry check (all of them without one)
        foreach (var path in candidates)
        {
            if (entry?.Evaluate(context.ScopedTo(path)) is { Verdict: not Verdict.Holds } notEntry)
            {
                // Not an entry point this check is about; one it could not judge leaves the outcome open, as a file's
                // own undecided check does.
                if (notEntry.Verdict is Verdict.Error or Verdict.Unknown && undecided is null)
                {
                    undecided = notEntry;
                }

                continue;
            }

            entries++;

            var scoped = followImports ? context.ScopedToProgram(path) : context.ScopedTo(path);
            var result = check.Evaluate(scoped);
            if (result.Verdict == Verdict.Holds)
            {
                holding.Add((path, scoped.Scope!, result));
                if (minShare is null && holding.Count >= Math.Max(minFiles, 5))
                {
                    break; // enough to decide and to show
                }
            }
            else if (result.Verdict is Verdict.Error or Verdict.Unknown && undecided is null)
            {
                undecided = result;
            }
            else if (result.Verdict == Verdict.DoesNotHold && missed.Count < CheckContext.EvidenceLimit && (entry is not null || minShare is not null))
            {
                // A failure is made of the files it was about: the entry points it asked (data-loading code with no
                // check on what it loads). Without an entry every file is asked, and listing the ones that are simply
                // something else (a workflow file that pins no dataset) would bury what decided the verdict.
                missed.Add(Evidence.File(path, result.Summary));
            }
        }

        if (minShare is { } share)
        {
            return Share(share, entries, holding, missed, undecided);
        }

        if (holding.Count >= minFiles)
        {
            // The deciding file leads, with what was found in it (in a program, in any of its files).
            var evidence = holding.SelectMany(hit => hit.Result.Evidence.Where(item => item.Path is { } found && hit.Files.Contains(found))
                .Take(followImports ? 3 : 2)
                .DefaultIfEmpty(Evidence.File(hit.Path, "holds"))).ToArray();
            return CheckResult.Holds($"in {holding[0].Path}: {holding[0].Result.Summary}", evidence);
        }

        if (undecided is not null)
        {
            return undecided;
        }

        var needed = minFiles > 1 ? $" ({holding.Count} of {minFiles} needed)" : "";
        return CheckResult.Fails(candidates.Count == 0
            ? $"no files match {EvidenceList.Some(scope.Files)}"
            : entries == 0 ? $"none of {EvidenceList.Plural(candidates.Count, "file")} is an entry point this check asks about"
            : $"{(EvidenceList.NamesThem(candidates) ? "none" : "no file")} of {EvidenceList.LookedAt(candidates)} qualifies{needed}",
            missed.ToArray());
    }

    // Holds when at least `share` of the entry points satisfy the check, or there are none; the entry points that fall
    // short lead a failure's evidence, the ones that satisfy it a pass's.
    private static CheckResult Share(double share, int entries, List<(string Path, IReadOnlyList<string> Files, CheckResult Result)> holding,
        List<Evidence> missed, CheckResult? undecided)
    {
        if (entries == 0)
        {
            return CheckResult.Holds("no entry point to ask");
        }

        var counted = $"{holding.Count} of {EvidenceList.Plural(entries, "entry point")}";
        if (holding.Count >= share * entries)
        {
            return CheckResult.Holds($"{counted}, at least {share * 100:0}%: {holding[0].Path}: {holding[0].Result.Summary}",
                holding.Take(CheckContext.EvidenceLimit).Select(hit => Evidence.File(hit.Path, hit.Result.Summary)).ToArray());
        }

        // An entry point that could not be judged might have tipped the share.
        return undecided ?? CheckResult.Fails($"only {counted}, fewer than {share * 100:0}%", missed.ToArray());
    }
}
