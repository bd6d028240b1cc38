using System.Text.RegularExpressions;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `referenced: { files, exclude?, min_files?, in, line? }` holds when at least min_files of the files are named by
/// their path in one of the `in` files, on a line that matches `line` when given. A file is used when the project's
/// documented or scripted commands name it: `python train.py --config configs/base.yaml` in a README or a shell script
/// says the program reads that configuration, whatever parser it reads it with. The path counts as written from the
/// repository root or from the naming file's own folder, and only as a whole path (`configs/base.yaml` does not name
/// `old_configs/base.yaml`). The `in` files are read across the whole repository, also inside `each_file`: a mention
/// is a fact about the repository, not about the file in scope.
/// With `as: module` a Python file is named by its module instead, the way Python's packaging and `-m` name a program:
/// an entry point (`console_scripts` or `[project.scripts]`: `stylegan2 = stylegan2_pytorch.cli:main`) or
/// `python -m pkg.train`. The module is the path without `.py` (a package's `__init__.py` is the package), dotted, from
/// the root or from the naming file's folder, and without a leading `src/` (the src layout installs `src/pkg` as `pkg`).
/// </summary>
public sealed partial class ReferencedCheck(FileScope scope, IReadOnlyList<string> where, RulePattern? line, ReferenceSpelling spelling) : ICheck
{
    /// <summary>How many naming files are read for one scan at most; a repository of thousands of READMEs is sampled.</summary>
    public const int MaxNamingFiles = 2_000;

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "referenced", [.. FileScope.ArgumentNames, "in", "line", "as"], ["files", "in"]);
        return new ReferencedCheck(
            FileScope.Read(reader, args, "referenced"),
            reader.Globs(args["in"].Value, "'referenced.in'"),
            args.TryGetValue("line", out var pattern) ? reader.Regex(pattern.Value, "'referenced.line'") : null,
            args.TryGetValue("as", out var spelling) ? ReadSpelling(reader, spelling.Value) : ReferenceSpelling.Path);
    }

    private static ReferenceSpelling ReadSpelling(CheckReader reader, YamlNode node) => reader.String(node, "'referenced.as'") switch
    {
        "path" => ReferenceSpelling.Path,
        "module" => ReferenceSpelling.Module,
        var other => throw reader.Error(node, $"'referenced.as' must be path or module, found '{other}'"),
    };

    public CheckResult Evaluate(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var candidates = scope.Candidates(context);
        if (candidates.Count == 0)
        {
            return CheckResult.Fails($"no files match {EvidenceList.Some(scope.Files)}");
        }

        // Read once for every candidate: the texts that may name them (the whole repository's, not the scope's).
        var naming = snapshot.MatchFiles(where).Take(MaxNamingFiles)
            .Select(path => (Path: path, Content: snapshot.Read(path)))
            .Where(file => file.Content.IsText)
            .Select(file => (file.Path, Text: file.Content.Text!))
            .ToArray();

        var found = new List<Evidence>();
        foreach (var candidate in candidates)
        {
            var mention = spelling == ReferenceSpelling.Module ? ModuleMention(context, candidate, naming) : PathMention(candidate, naming);
            if (mention is not null)
            {
                found.Add(mention);
                if (found.Count >= Math.Max(scope.MinFiles, 5))
                {
                    break;
                }
            }
        }

        var what = line is null ? "" : $" on a line matching '{line}'";
        return found.Count >= scope.MinFiles
            ? CheckResult.Holds($"{found[0].Path}:{found[0].Line} names {candidates.Count switch { 1 => candidates[0], _ => "one of them" }}", found)
            : CheckResult.Fails($"none of {EvidenceList.Plural(candidates.Count, "file")} is named in {EvidenceList.Some(where)}{what}",
                EvidenceList.Capped(candidates.Select(path => Evidence.File(path, $"not named in {EvidenceList.Some(where)}{what}")), 5));
    }

    private Evidence? PathMention(string candidate, IReadOnlyList<(string Path, string Text)> naming)
    {
        foreach (var (path, text) in naming)
        {
            if (path == candidate)
            {
                continue;
            }

            foreach (var name in Spellings(candidate, path))
            {
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
                {
                    // the whole-path test first: it is O(1), and the line around a mention may be megabytes long
                    if (IsWholePath(text, at, name.Length) && Named(candidate, path, text, at, null) is { } evidence)
                    {
                        return evidence;
                    }
                }
            }
        }

        return null;
    }

    // A module is looked up in each naming file's program mentions, which are found once per file for the whole scan
    // (this check is asked of every Python file, inside each_file): a lookup, not a search of the file per candidate.
    private Evidence? ModuleMention(CheckContext context, string candidate, IReadOnlyList<(string Path, string Text)> naming)
    {
        foreach (var (path, text) in naming)
        {
            if (path == candidate)
            {
                continue;
            }

            var mentions = context.FileFact(this, path, _ => ProgramMentions(text));
            foreach (var module in Spellings(candidate, path).Select(ModuleName).OfType<string>())
            {
                if (mentions.TryGetValue(module, out var at) && Named(candidate, path, text, at.Index, at.Line) is { } evidence)
                {
                    return evidence;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The evidence that a mention names the candidate, when its line matches `line` (or there is none). The line number
    /// is counted only then, unless it is known: counting is a pass over the text before the mention.
    /// </summary>
    private Evidence? Named(string candidate, string path, string text, int index, int? lineNumber)
    {
        var around = LineAround(text, index);
        return line is null || line.IsMatch(around)
            ? new Evidence(path, lineNumber ?? Patterns.LineAt(text, index), null, $"names {candidate}: {Patterns.LineTextAt(around, 0)}")
            : null;
    }

    /// <summary>The candidate's path from the root, and from the naming file's folder when it lies inside it.</summary>
    private static string[] Spellings(string candidate, string namingPath)
    {
        var folder = namingPath.LastIndexOf('/') is var slash and >= 0 ? namingPath[..(slash + 1)] : "";
        return folder.Length > 0 && candidate.StartsWith(folder, StringComparison.Ordinal) ? [candidate, candidate[folder.Length..]] : [candidate];
    }

    /// <summary>
    /// Every module a text names as a program, with where it first does: an entry point calling into it (`pkg.cli:main`)
    /// or `-m` running it (`python -m pkg.cli`). `pkg.cli.helpers`, `import pkg.cli` and an entry point's own name do
    /// not name pkg.cli.
    /// </summary>
    private static Dictionary<string, (int Index, int Line)> ProgramMentions(string text)
    {
        var mentions = new Dictionary<string, (int Index, int Line)>(StringComparer.Ordinal);
        var line = 1;
        var counted = 0;
        // one match at a time: a MatchCollection would keep every match of a file of megabytes alive at once
        for (var match = ProgramModule().Match(text); match.Success; match = match.NextMatch())
        {
            var module = match.Groups["entry"].Success ? match.Groups["entry"] : match.Groups["run"];
            line += text.AsSpan(counted, module.Index - counted).Count('\n');
            counted = module.Index;
            mentions.TryAdd(module.Value, (module.Index, line));
        }

        return mentions;
    }

    // The line around a character index, at most a few thousand characters of it: a naming file may be one line of
    // megabytes, and a `line` pattern only needs the command around the mention.
    private static string LineAround(string text, int index)
    {
        const int Reach = 2_000;
        var from = Math.Max(0, index - Reach);
        var start = text.LastIndexOf('\n', Math.Max(from, index - 1), Math.Max(0, index - from)) is var newline and >= 0 ? newline + 1 : from;
        var end = text.IndexOf('\n', index, Math.Min(Reach, text.Length - index));
        return text[start..(end < 0 ? Math.Min(text.Length, index + Reach) : end)];
    }

    /// <summary>The dotted module a Python file is imported or run as; null for anything else.</summary>
    private static string? ModuleName(string path)
    {
        if (!path.EndsWith(".py", StringComparison.Ordinal))
        {
            return null;
        }

        var module = path[..^3];
        module = module.StartsWith("src/", StringComparison.Ordinal) ? module[4..] : module;
        module = module == "__init__" ? "" : module.EndsWith("/__init__", StringComparison.Ordinal) ? module[..^9] : module;
        return module.Length == 0 || module.Split('/').Any(part => part.Length == 0 || !part.All(c => char.IsLetterOrDigit(c) || c == '_'))
            ? null
            : module.Replace('/', '.');
    }

    // An entry point's `module:function` (a dotted name, then a colon right before a name: `pkg.cli:main`, where
    // `key: value` is not one), or `-m module`.
    [GeneratedRegex(@"(?<![\w.])(?<entry>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)[ \t]*:[A-Za-z_]|(?<![\w-])-m[ \t]+(?<run>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?![\w.])")]
    private static partial Regex ProgramModule();

    // A path ends where path characters end; before it may stand a separator, a quote, `./` or `=`.
    private static bool IsWholePath(string text, int at, int length)
    {
        static bool PathChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '/';
        var before = at == 0 || !PathChar(text[at - 1]) || (text[at - 1] == '/' && at >= 2 && text[at - 2] == '.' && (at == 2 || !PathChar(text[at - 3])));
        var afterIndex = at + length;
        var after = afterIndex >= text.Length || !PathChar(text[afterIndex]) || (text[afterIndex] == '.' && (afterIndex + 1 >= text.Length || !PathChar(text[afterIndex + 1])));
        return before && after;
    }
}

/// <summary>How `referenced` spells a file it looks for: by its path, or by the Python module it is run as.</summary>
public enum ReferenceSpelling
{
    Path,
    Module,
}
