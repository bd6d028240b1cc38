using System.Text;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>
/// pip requirement files and PEP 508 requirement strings. A requirement is pinned when it names one exact version
/// (`==1.2.3` without a wildcard, or `===x`), carries a `--hash`, or is a URL with a content hash or a full git commit.
/// Local paths (`-e .`, `./pkg`, `file:` URLs) are the project itself, not third-party requirements, and are skipped.
/// </summary>
internal static partial class Requirements
{
    /// <summary>A `-r file` (requirements) or `-c file` (constraints) line.</summary>
    public sealed record Include(string Target, bool Constraint, int Line);

    /// <summary>What a requirements file declares; HasEntries: it holds a line that is not a comment (`-e .` is one).</summary>
    public sealed record FileContents(IReadOnlyList<Dependency> Dependencies, IReadOnlyList<Include> Includes, bool HasEntries);

    public static FileContents ParseFile(string text)
    {
        var dependencies = new List<Dependency>();
        var includes = new List<Include>();
        var hasEntries = false;
        foreach (var (line, number) in LogicalLines(text))
        {
            hasEntries = true;
            ParseLine(line, number, dependencies, includes);
        }

        return new FileContents(dependencies, includes, hasEntries);
    }

    /// <summary>pip's reading of the lines: `\` at the end joins the next line, then `#` comments are dropped.</summary>
    public static IEnumerable<(string Text, int Line)> LogicalLines(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var line = new StringBuilder(lines[i].TrimEnd('\r'));
            while (line.Length > 0 && line[^1] == '\\' && i + 1 < lines.Length)
            {
                line.Length--;
                line.Append(lines[++i].TrimEnd('\r'));
            }

            var joined = Comment().Replace(line.ToString(), "").Trim();
            if (joined.Length > 0)
            {
                yield return (joined, start + 1);
            }
        }
    }

    /// <summary>Adds what one logical line declares: a requirement, an include, or nothing (an option, a local path).</summary>
    public static void ParseLine(string line, int number, List<Dependency> dependencies, List<Include> includes)
    {
        if (Option(line, "-r", "--requirement") is { } requirementFile)
        {
            includes.Add(new Include(requirementFile, false, number));
        }
        else if (Option(line, "-c", "--constraint") is { } constraintFile)
        {
            includes.Add(new Include(constraintFile, true, number));
        }
        else if (Option(line, "-e", "--editable") is { } editable)
        {
            AddIfThirdParty(editable, number, dependencies);
        }
        else if (!line.StartsWith('-'))
        {
            AddIfThirdParty(line, number, dependencies);
        }

        // Any other option line (--index-url, --find-links, --pre, ...) declares nothing.
    }

    private static void AddIfThirdParty(string text, int line, List<Dependency> dependencies)
    {
        if (Parse(text, line) is { } dependency)
        {
            dependencies.Add(dependency);
        }
    }

    private static string? Option(string line, string shortName, string longName)
    {
        if (line.StartsWith(longName, StringComparison.Ordinal) && line.Length > longName.Length && line[longName.Length] is '=' or ' ' or '\t')
        {
            return line[(longName.Length + 1)..].Trim();
        }

        return line.StartsWith(shortName, StringComparison.Ordinal) && !line.StartsWith("--", StringComparison.Ordinal)
            ? line[shortName.Length..].TrimStart('=', ' ', '\t').Trim()
            : null;
    }

    /// <summary>Reads one requirement (PEP 508 with pip's per-requirement options); null for a local path.</summary>
    public static Dependency? Parse(string text, int? line)
    {
        var options = RequirementOptions().Match(text);
        var hashed = options.Success && options.Value.Contains("--hash", StringComparison.Ordinal);
        var requirement = options.Success ? text[..options.Index].Trim() : text.Trim();
        // A URL may contain ';', so there the marker must follow whitespace (as PEP 508 requires).
        var marker = requirement.Contains("://", StringComparison.Ordinal) ? UrlMarker().Match(requirement) : PlainMarker().Match(requirement);
        if (marker.Success)
        {
            requirement = requirement[..marker.Index].Trim();
        }

        if (requirement.Length == 0 || IsLocalPath(requirement))
        {
            return null;
        }

        var named = NamedRequirement().Match(requirement);
        if (!named.Success)
        {
            // A bare URL (`git+https://...#egg=name`), or something we cannot read: unpinned unless hashed.
            var egg = Egg().Match(requirement);
            return requirement.Contains("://", StringComparison.Ordinal)
                ? new Dependency(egg.Success ? egg.Groups[1].Value : requirement, requirement, line, hashed || UrlPinned(requirement))
                : new Dependency(requirement, requirement, line, hashed);
        }

        var rest = named.Groups["rest"].Value.Trim();
        if (rest.StartsWith('@'))
        {
            var url = rest[1..].Trim();
            return IsLocalPath(url) ? null : new Dependency(named.Groups["name"].Value, requirement, line, hashed || UrlPinned(url));
        }

        return new Dependency(named.Groups["name"].Value, requirement, line, hashed || SpecifiersPinExactly(rest.Trim('(', ')', ' ')));
    }

    /// <summary>Does a PEP 440 specifier set (`>=1,==1.2.3`) admit exactly one version?</summary>
    public static bool SpecifiersPinExactly(string specifiers) =>
        specifiers.Split(',').Any(specifier => ExactSpecifier().IsMatch(specifier.Trim()));

    /// <summary>A URL pins when it carries a content hash or names a full git commit.</summary>
    public static bool UrlPinned(string url) => UrlHash().IsMatch(url) || IsCommit(GitRevision().Match(url).Groups[1].Value);

    public static bool IsCommit(string revision) => revision.Length == 40 && revision.All(char.IsAsciiHexDigit);

    /// <summary>PEP 503 normalisation, so `Scikit_Learn` and `scikit-learn` are one package.</summary>
    public static string Normalize(string name) => Separators().Replace(name.Trim(), "-").ToLowerInvariant();

    private static bool IsLocalPath(string text) =>
        text.StartsWith('.') || text.StartsWith('/') || text.StartsWith('~') || text.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
        || (!text.Contains("://", StringComparison.Ordinal) && !text.Contains('@')
            && (text.Contains('/') || text.Contains('\\') || LocalArchive().IsMatch(text)));

    // A comment starts at a '#' that begins the line or follows whitespace (a URL's #fragment does not).
    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\s--[a-z].*$")]
    private static partial Regex RequirementOptions();

    [GeneratedRegex(@"\s;")]
    private static partial Regex UrlMarker();

    [GeneratedRegex(";")]
    private static partial Regex PlainMarker();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?(?<rest>(?:\s*[(<>=!~@].*)?)$")]
    private static partial Regex NamedRequirement();

    [GeneratedRegex(@"^(?:===\s*\S+|==\s*[A-Za-z0-9._+!-]+)$")]
    private static partial Regex ExactSpecifier();

    [GeneratedRegex(@"[#&](?:sha1|sha224|sha256|sha384|sha512|md5)=[0-9A-Fa-f]+")]
    private static partial Regex UrlHash();

    [GeneratedRegex(@"^\w+\+[a-z]+://[^#]*@([0-9A-Fa-f]+)(?:#|$)")]
    private static partial Regex GitRevision();

    [GeneratedRegex(@"#egg=([A-Za-z0-9._-]+)")]
    private static partial Regex Egg();

    [GeneratedRegex(@"\.(whl|zip|tar\.gz|tgz|tar\.bz2)$", RegexOptions.IgnoreCase)]
    private static partial Regex LocalArchive();

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
