namespace RepoAudit.Core.Code;

/// <summary>
/// A dotted name pattern, matched segment by segment: `*` is exactly one segment, `**` any number (none included).
/// `**.fit` matches `fit`, `model.fit` and `self.model.fit`; `torch.*_seed` is not a pattern (a segment is a name,
/// `*` or `**`). R's `pkg::f` counts as the segments pkg and f.
/// </summary>
public sealed class NamePattern
{
    private readonly string[] _segments;

    /// <summary>The last segment when it is a name (not `*` or `**`): a matching name must end with it.</summary>
    private readonly string? _lastName;

    private NamePattern(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
        _lastName = segments[^1] is "*" or "**" ? null : segments[^1];
    }

    public string Text { get; }

    /// <summary>
    /// The segment a matching name ends in, after its last '.' or ':' (see <see cref="CodeView.CallsEndingIn"/>), or
    /// null when the pattern ends in `*` or `**`.
    /// </summary>
    public string? LastSegment => _lastName is { } last && !last.Contains(':') ? last : null;

    public override string ToString() => Text;

    /// <summary>Parses a pattern; null with the problem when a segment is empty or mixes `*` with letters.</summary>
    public static NamePattern? TryParse(string text, out string? problem)
    {
        var segments = Segments(text);
        foreach (var segment in segments)
        {
            if (segment.Length == 0)
            {
                problem = $"'{text}' has an empty segment; write dotted names such as 'torch.manual_seed' or '**.fit'";
                return null;
            }

            if (segment.Contains('*') && segment is not ("*" or "**"))
            {
                problem = $"'{text}': a segment is a name, '*' (one segment) or '**' (any number); found '{segment}'";
                return null;
            }
        }

        problem = null;
        return new NamePattern(text, segments);
    }

    /// <summary>Does the call's name as written or as resolved through its file's imports match?</summary>
    public bool Matches(CodeCall call) => Matches(call.Name) || (call.Resolved != call.Name && Matches(call.Resolved));

    public bool Matches(string dottedName) => CanEndWithLastName(dottedName) && Match(_segments, Segments(dottedName));

    /// <summary>
    /// Splitting every call name is most of the cost of matching, and most names fail on their last segment: a name
    /// can only match when it ends with the pattern's last name right after a separator ('.' or ':') or at its start.
    /// </summary>
    private bool CanEndWithLastName(string dottedName)
    {
        if (_lastName is null)
        {
            return true;
        }

        if (!dottedName.EndsWith(_lastName, StringComparison.Ordinal))
        {
            return false;
        }

        var before = dottedName.Length - _lastName.Length - 1;
        return before < 0 || dottedName[before] is '.' or ':';
    }

    private static string[] Segments(string name) => name.Replace(":::", ".", StringComparison.Ordinal).Replace("::", ".", StringComparison.Ordinal).Split('.');

    /// <summary>Glob matching over segments with one backtrack point per `**`: linear-ish, no recursion.</summary>
    private static bool Match(string[] pattern, string[] name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == "**")
            {
                starP = p++;
                starN = n;
            }
            else if (p < pattern.Length && (pattern[p] == "*" || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == "**")
        {
            p++;
        }

        return p == pattern.Length;
    }
}
