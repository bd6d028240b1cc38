using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `make_runs: { files, exclude, command, pattern }` holds when a file (a CI configuration) runs make, and a target it
/// asks for, or one that target depends on, has a recipe line matching pattern. `command` finds the make invocations:
/// a regex whose group `args` holds make's arguments (`-C dir`, `-f file`, `VAR=value` and flags are read as make reads
/// them; the rest are targets, and none means the default goal). Prerequisites and `$(MAKE) target` lines in recipes
/// are followed, so `make check` counts when `check: test lint` and `test:` runs pytest. Makefiles are read, never run.
/// </summary>
public sealed partial class MakeRunsCheck(FileScope scope, RulePattern command, RulePattern pattern) : ICheck
{
    /// <summary>How many targets one invocation may reach; a walk stops there.</summary>
    public const int MaxTargets = 200;

    /// <summary>How many Makefiles are tried for a step whose folder is not known.</summary>
    public const int MaxMakefiles = 50;

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "make_runs", [.. FileScope.ArgumentNames, "command", "pattern"], ["files", "command", "pattern"]);
        var command = reader.Regex(args["command"].Value, "'make_runs.command'");
        if (!command.Text.Contains("?<args>", StringComparison.Ordinal))
        {
            throw reader.Error(args["command"].Value, "'make_runs.command' needs a group (?<args>...) that holds make's arguments");
        }

        return new MakeRunsCheck(FileScope.Read(reader, args, "make_runs"), command, reader.Regex(args["pattern"].Value, "'make_runs.pattern'"));
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var candidates = scope.Candidates(context);
        var invocations = 0;
        foreach (var path in candidates)
        {
            var content = context.Snapshot.Read(path);
            if (!content.IsText)
            {
                continue;
            }

            foreach (var match in command.Matches(content.Text!))
            {
                invocations++;
                var (folder, file, targets) = Arguments(match.Groups["args"].Value);
                foreach (var makefilePath in Makefiles(context, folder, file))
                {
                    var makefile = context.FileFact(this, makefilePath, makefileAt => ReadMakefile(context, makefileAt));
                    var goals = targets.Count > 0 ? targets : makefile.DefaultGoal is { } goal ? [goal] : [];
                    if (FirstRecipe(makefile, goals) is { } hit)
                    {
                        var line = Patterns.LineAt(content.Text!, match.Index);
                        var asked = targets.Count > 0 ? $"make {string.Join(' ', targets)}" : "make";
                        return CheckResult.Holds($"{asked} in {path}:{line} runs {hit.Target} in {makefilePath}", [
                            new Evidence(path, line, null, $"line {line}: {match.Value.Trim()}"),
                            new Evidence(makefilePath, hit.Line, null, $"target {hit.Target}, line {hit.Line}: {hit.Text.Trim()}"),
                        ]);
                    }
                }
            }
        }

        return CheckResult.Fails(candidates.Count == 0
            ? $"no files match {EvidenceList.Some(scope.Files)}"
            : invocations == 0
                ? $"no make command in {EvidenceList.Plural(candidates.Count, "file")}"
                : $"none of {EvidenceList.Plural(invocations, "make command")} reaches a recipe matching the pattern");
    }

    // An unreadable Makefile has no rules: nothing it could run is found in it.
    private static Makefile ReadMakefile(CheckContext context, string path)
    {
        var content = context.Snapshot.Read(path);
        return Makefile.Parse(content.IsText ? content.Text! : "");
    }

    /// <summary>Walks from the goals through prerequisites and recursive make calls, breadth first.</summary>
    private (string Target, int Line, string Text)? FirstRecipe(Makefile makefile, IReadOnlyList<string> goals)
    {
        var queue = new Queue<string>(goals);
        var seen = new HashSet<string>(goals, StringComparer.Ordinal);
        while (queue.Count > 0)
        {
            var target = queue.Dequeue();
            foreach (var rule in makefile.RulesFor(target))
            {
                foreach (var (line, text) in rule.Recipe)
                {
                    if (pattern.IsMatch(text))
                    {
                        return (target, line, text);
                    }

                    foreach (Match call in RecursiveMake().Matches(text))
                    {
                        Enqueue(Arguments(call.Groups["args"].Value).Targets);
                    }
                }

                Enqueue(rule.Prerequisites);
            }
        }

        return null;

        void Enqueue(IEnumerable<string> targets)
        {
            foreach (var next in targets)
            {
                if (seen.Count < MaxTargets && seen.Add(next))
                {
                    queue.Enqueue(next);
                }
            }
        }
    }

    /// <summary>make's arguments as make reads them: the folder (-C), the makefile (-f) and the targets.</summary>
    internal static (string Folder, string? File, IReadOnlyList<string> Targets) Arguments(string text)
    {
        var folder = "";
        string? file = null;
        var targets = new List<string>();
        var words = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i].Trim('"', '\'');
            if (word is "-C" or "--directory" or "-f" or "--file" or "--makefile" && i + 1 < words.Length)
            {
                var value = words[++i].Trim('"', '\'');
                (folder, file) = word is "-C" or "--directory" ? (Combine(folder, value), file) : (folder, value);
            }
            else if (word.StartsWith("--directory=", StringComparison.Ordinal) || (word.StartsWith("-C", StringComparison.Ordinal) && word.Length > 2))
            {
                folder = Combine(folder, word.StartsWith("-C", StringComparison.Ordinal) ? word[2..] : word["--directory=".Length..]);
            }
            else if (word.StartsWith("--file=", StringComparison.Ordinal) || word.StartsWith("--makefile=", StringComparison.Ordinal))
            {
                file = word[(word.IndexOf('=') + 1)..];
            }
            else if (!word.StartsWith('-') && !word.Contains('=') && !word.Contains('$'))
            {
                targets.Add(word);
            }
        }

        return (folder, file, targets);
    }

    private static string Combine(string folder, string sub)
    {
        sub = sub.TrimEnd('/');
        if (sub is "." or "")
        {
            return folder;
        }

        var parts = (folder.Length == 0 ? sub : $"{folder}/{sub}").Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        var resolved = new List<string>();
        foreach (var part in parts.Where(part => part != "."))
        {
            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }
            }
            else
            {
                resolved.Add(part);
            }
        }

        return string.Join('/', resolved);
    }

    /// <summary>
    /// The Makefile make would read: `-f`, or GNUmakefile / makefile / Makefile in the `-C` folder (the root by default).
    /// When there is none, the step runs in a folder its CI file sets (`working-directory:`), which is not read here: the
    /// repository's Makefiles are all candidates, as they would be for a reader of the CI file.
    /// </summary>
    private static IEnumerable<string> Makefiles(CheckContext context, string folder, string? file)
    {
        var names = file is null ? ["GNUmakefile", "makefile", "Makefile"] : new[] { file };
        if (names.Select(name => Combine(folder, name)).FirstOrDefault(context.Snapshot.Contains) is { } resolved)
        {
            return [resolved];
        }

        return context.Snapshot.MatchFiles(file is null ? ["**/GNUmakefile", "**/makefile", "**/Makefile"] : [$"**/{file}"]).Take(MaxMakefiles);
    }

    // `$(MAKE) target`, `${MAKE} -C dir target` or `make target` inside a recipe.
    [GeneratedRegex(@"(?:\$\(MAKE\)|\$\{MAKE\}|(?<![\w./-])make)(?<args>(?:[ \t]+[^ \t\n;&|#]+)*)")]
    private static partial Regex RecursiveMake();
}
