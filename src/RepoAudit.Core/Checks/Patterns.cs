using System.Text.RegularExpressions;

namespace RepoAudit.Core.Checks;

/// <summary>Helpers for reporting where a rule's pattern matched.</summary>
public static class Patterns
{
    /// <summary>The 1-based line number of a character index.</summary>
    public static int LineAt(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>The trimmed line around a character index, shortened for evidence.</summary>
    public static string LineTextAt(string text, int index, int maxLength = 120)
    {
        var start = index <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1) + 1;
        var end = text.IndexOf('\n', Math.Min(index, text.Length));
        var line = text[start..(end < 0 ? text.Length : end)].Trim();
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }
}
