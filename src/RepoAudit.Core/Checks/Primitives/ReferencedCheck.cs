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
public sealed class ReferencedCheck(FileScope scope, IReadOnlyList<string> where, RulePattern? line, ReferenceSpelling spelling) : ICheck
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
            if (Mention(candidate, naming) is { } mention)
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

    private Evidence? Mention(string candidate, IReadOnlyList<(string Path, string Text)> naming)
    {
        foreach (var (path, text) in naming)
        {
            if (path == candidate)
            {
                continue;
            }

            var folder = path.LastIndexOf('/') is var slash and >= 0 ? path[..(slash + 1)] : "";
            var paths = folder.Length > 0 && candidate.StartsWith(folder, StringComparison.Ordinal)
                ? new[] { candidate, candidate[folder.Length..] }
                : [candidate];
            var spellings = spelling == ReferenceSpelling.Module ? paths.Select(ModuleName).OfType<string>().Distinct().ToArray() : paths;
            foreach (var name in spellings)
            {
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
                {
                    var content = Patterns.LineTextAt(text, at, int.MaxValue);
                    var whole = spelling == ReferenceSpelling.Module ? IsProgramModule(text, at, name.Length) : IsWholePath(text, at, name.Length);
                    if (whole && (line is null || line.IsMatch(content)))
                    {
                        return new Evidence(path, Patterns.LineAt(text, at), null, $"names {candidate}: {Patterns.LineTextAt(text, at)}");
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The dotted module a Python file is imported or run as; null for anything else.</summary>
    public static string? ModuleName(string path)
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

    // A module names a program when an entry point calls into it (`pkg.cli:main`) or `-m` runs it (`python -m pkg.cli`);
    // `pkg.cli.helpers` or `import pkg.cli` name something else.
    private static bool IsProgramModule(string text, int at, int length)
    {
        static bool NameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';
        var end = at + length;
        if ((at > 0 && NameChar(text[at - 1])) || (end < text.Length && NameChar(text[end])))
        {
            return false;
        }

        var next = end;
        while (next < text.Length && text[next] is ' ' or '\t')
        {
            next++;
        }

        if (next + 1 < text.Length && text[next] == ':' && (char.IsLetter(text[next + 1]) || text[next + 1] == '_'))
        {
            return true;
        }

        var before = at;
        while (before > 0 && text[before - 1] is ' ' or '\t')
        {
            before--;
        }

        return before < at && before >= 2 && text[before - 2] == '-' && text[before - 1] == 'm' && (before == 2 || text[before - 3] is ' ' or '\t');
    }

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
