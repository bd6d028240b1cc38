using System.Text.RegularExpressions;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>
/// Manifests read as text: setup.py (never executed: only the string literals of `install_requires=[...]` and of the
/// lists in `extras_require={...}`, as pyproject's optional-dependencies count too),
/// setup.cfg (`[options] install_requires`), R's DESCRIPTION (Imports/Depends) and renv.lock (JSON).
/// </summary>
internal static partial class TextManifests
{
    public static Manifest SetupPy(string path, string text)
    {
        var dependencies = new List<Dependency>();
        var start = InstallRequires().Match(text);
        if (!start.Success && InstallRequiresName().Match(text) is { Success: true } name)
        {
            // `install_requires=REQUIRED` with `REQUIRED = [...]` at module level is as common as the inline list.
            start = Regex.Match(text, $@"^{Regex.Escape(name.Groups[1].Value)}\s*(?::[^=\n]*)?=\s*[\[(]", RegexOptions.Multiline, RulePattern.BacktrackingBudget.WallLimit);
        }

        if (start.Success)
        {
            var listed = RequirementsAt(text, start, itemDepth: 1).ToList();
            dependencies.AddRange(listed.Count > 0 ? listed : LookedUp(text, start));
        }

        // extras_require={"all": [...], ...}: the requirements are the strings of the lists inside the dict
        if (ExtrasRequire().Match(text) is { Success: true } extras)
        {
            dependencies.AddRange(RequirementsAt(text, extras, itemDepth: 2));
        }

        return new Manifest(path, dependencies);
    }

    /// <summary>
    /// The requirements of an install_requires list whose items are computed from a table by name (Hugging Face's
    /// `_deps = ["torch>=2.6", ...]` with `install_requires = [deps["torch"], ...]` or `deps_list("torch", ...)`):
    /// each name inside the list, as the file's own requirement string for it spells it out, when there is one.
    /// </summary>
    private static IEnumerable<Dependency> LookedUp(string text, Match opening)
    {
        var spelledOut = new Dictionary<string, Dependency>(StringComparer.Ordinal);
        foreach (var literal in StringLiterals(text, 0, 1, itemDepth: 1).Concat(StringLiterals(text, 0, 1, itemDepth: 2)))
        {
            if (Requirements.Parse(literal.Value, literal.Line) is { } dependency && dependency.Text != dependency.Name)
            {
                spelledOut.TryAdd(Requirements.Normalize(dependency.Name), dependency);
            }
        }

        foreach (var literal in StringLiterals(text, opening.Index + opening.Length, Patterns.LineAt(text, opening.Index), itemDepth: 2))
        {
            if (Requirements.Parse(literal.Value, literal.Line) is { } named)
            {
                yield return spelledOut.GetValueOrDefault(Requirements.Normalize(named.Name), named);
            }
        }
    }

    private static IEnumerable<Dependency> RequirementsAt(string text, Match opening, int itemDepth) =>
        StringLiterals(text, opening.Index + opening.Length, Patterns.LineAt(text, opening.Index), itemDepth)
            .Select(literal => Requirements.Parse(literal.Value, literal.Line))
            .OfType<Dependency>();

    /// <summary>
    /// The string literals at <paramref name="itemDepth"/> brackets deep (1: the items of a list), from just after an
    /// opening bracket to the matching closing one.
    /// </summary>
    private static IEnumerable<(string Value, int Line)> StringLiterals(string text, int index, int line, int itemDepth)
    {
        var depth = 1;
        for (var i = index; i < text.Length && depth > 0; i++)
        {
            switch (text[i])
            {
                case '\n':
                    line++;
                    break;
                case '#':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '[' or '(' or '{':
                    depth++;
                    break;
                case ']' or ')' or '}':
                    depth--;
                    break;
                case '"' or '\'':
                    var quote = text[i];
                    var end = i + 1;
                    while (end < text.Length && text[end] != quote && text[end] != '\n')
                    {
                        end += text[end] == '\\' ? 2 : 1;
                    }

                    if (end >= text.Length || text[end] != quote)
                    {
                        yield break; // an unterminated or triple-quoted string: not a plain requirement list
                    }

                    if (depth == itemDepth)
                    {
                        yield return (text[(i + 1)..end], line);
                    }

                    i = end;
                    break;
            }
        }
    }

    public static Manifest SetupCfg(string path, string text)
    {
        var dependencies = new List<Dependency>();
        var lines = text.Split('\n');
        string? section = null;
        var collecting = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (collecting && char.IsWhiteSpace(raw[0]))
            {
                Add(trimmed, i + 1);
                continue;
            }

            collecting = false;
            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1].Trim().ToLowerInvariant();
            }
            else if (section == "options" && CfgKey().Match(trimmed) is { Success: true } key)
            {
                collecting = true;
                Add(key.Groups[1].Value.Trim(), i + 1);
            }
        }

        return new Manifest(path, dependencies);

        void Add(string value, int line)
        {
            // `file: requirements.txt` and `attr:` point elsewhere; a listed requirements file is read on its own.
            if (value.Length > 0 && !value.StartsWith("file:", StringComparison.Ordinal) && !value.StartsWith("attr:", StringComparison.Ordinal)
                && Requirements.Parse(value, line) is { } dependency)
            {
                dependencies.Add(dependency);
            }
        }
    }

    /// <summary>R's DESCRIPTION (Debian control format): packages under Imports and Depends, except R itself.</summary>
    public static Manifest Description(string path, string text)
    {
        var dependencies = new List<Dependency>();
        var lines = text.Split('\n');
        var inField = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            string value;
            if (raw.Length > 0 && char.IsWhiteSpace(raw[0]))
            {
                if (!inField)
                {
                    continue;
                }

                value = raw;
            }
            else
            {
                var field = DcfField().Match(raw);
                inField = field.Success && field.Groups[1].Value is "Imports" or "Depends";
                if (!inField)
                {
                    continue;
                }

                value = field.Groups[2].Value;
            }

            foreach (var item in value.Split(','))
            {
                var package = RPackage().Match(item.Trim());
                if (package.Success && package.Groups[1].Value != "R")
                {
                    var pinned = package.Groups[2].Value.Replace(" ", "", StringComparison.Ordinal).StartsWith("==", StringComparison.Ordinal);
                    dependencies.Add(new Dependency(package.Groups[1].Value, item.Trim(), i + 1, pinned, Ecosystem.R));
                }
            }
        }

        return new Manifest(path, dependencies);
    }

    /// <summary>renv.lock records the exact version of every package: it is both the manifest and the lock.</summary>
    public static Manifest RenvLock(string path, string text) =>
        new(path, DataNodes.FromJson(text) is DataMap root && root["Packages"] is DataMap packages
            ? packages.Entries.Select(entry => new Dependency(entry.Key, entry.Key, null, true, Ecosystem.R)).ToArray()
            : [])
        { Dedicated = true };

    [GeneratedRegex(@"\binstall_requires\s*=\s*[\[(]|[""']install_requires[""']\s*:\s*[\[(]")]
    private static partial Regex InstallRequires();

    [GeneratedRegex(@"\bextras_require\s*=\s*\{|[""']extras_require[""']\s*:\s*\{")]
    private static partial Regex ExtrasRequire();

    [GeneratedRegex(@"\binstall_requires\s*=\s*([A-Za-z_][A-Za-z0-9_]*)\s*[,)\n]")]
    private static partial Regex InstallRequiresName();

    [GeneratedRegex(@"^install[-_]requires\s*[=:](.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CfgKey();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9_-]*)\s*:(.*)$")]
    private static partial Regex DcfField();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9.]*)\s*(?:\((.*)\))?\s*$")]
    private static partial Regex RPackage();
}
