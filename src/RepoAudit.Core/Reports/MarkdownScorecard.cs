using System.Text;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>
/// The Markdown scorecard for GitHub job summaries and pull-request comments. GitHub refuses a comment over 65,536
/// characters, so the report always stays under <see cref="MaxBytes"/> bytes: it first shows fewer evidence items per
/// rule, then drops the fix texts, then the list of passing rules, and says what it left out and where the full
/// report is. Only a pathological report (thousands of failing rules) is cut at a line as a last resort.
/// </summary>
public static class MarkdownScorecard
{
    public const int MaxBytes = 65_000;

    // From the most detailed rendering to the most compact; the first that fits is used.
    private static readonly ScorecardViewOptions[] Attempts =
    [
        new() { EvidenceLimit = 10, SkippedShown = 10 },
        new() { EvidenceLimit = 5, SkippedShown = 10 },
        new() { EvidenceLimit = 2, SkippedShown = 5 },
        new() { EvidenceLimit = 2, SkippedShown = 5, IncludeGuidance = false },
        new() { EvidenceLimit = 0, SkippedShown = 0, IncludeGuidance = false },
        new() { EvidenceLimit = 0, SkippedShown = 0, IncludeGuidance = false, OthersOmitted = true },
    ];

    public static string Render(AuditReport report, RenderSettings settings) => Render(report, settings, MaxBytes);

    internal static string Render(AuditReport report, RenderSettings settings, int maxBytes)
    {
        var template = ScorecardTemplate.Markdown(settings.TemplateFolder);
        var text = "";
        foreach (var attempt in Attempts)
        {
            var view = ScorecardView.From(report, attempt with { FullReports = settings.FullReports ?? [] });
            if (attempt.OthersOmitted)
            {
                view = view with { Others = [] };
            }

            text = template.Render(view);
            if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
            {
                return text;
            }
        }

        return Cut(text, maxBytes, settings.FullReports ?? []);
    }

    /// <summary>Cuts at a line boundary, closes any code fence and &lt;details&gt; left open, and says where the rest is.</summary>
    private static string Cut(string text, int maxBytes, IReadOnlyList<string> fullReports)
    {
        var note = "\n\n> [!WARNING]\n> This summary was cut short to fit GitHub's size limit; " +
                   (fullReports.Count > 0
                       ? $"the full report is in {string.Join(" and ", fullReports.Select(MarkdownText.Code))}.\n"
                       : "run `repoaudit scan --format html` for the full report.\n");
        var budget = maxBytes - Encoding.UTF8.GetByteCount(note) - 256; // room for the closing fence and tags
        var sb = new StringBuilder();
        var used = 0;
        string? openFence = null;
        var openDetails = 0;
        foreach (var line in text.Split('\n'))
        {
            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (used + size > budget)
            {
                break;
            }

            sb.Append(line).Append('\n');
            used += size;
            var trimmed = line.TrimStart();
            if (openFence is null && trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                openFence = new string('`', trimmed.TakeWhile(ch => ch == '`').Count());
            }
            else if (openFence is not null && trimmed.TrimEnd() == openFence)
            {
                openFence = null;
            }
            else if (openFence is null)
            {
                openDetails += Count(line, "<details") - Count(line, "</details>");
            }
        }

        if (openFence is not null)
        {
            sb.Append(openFence).Append('\n');
        }

        for (var i = 0; i < openDetails; i++)
        {
            sb.Append("\n</details>\n");
        }

        return sb.Append(note).ToString();
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
