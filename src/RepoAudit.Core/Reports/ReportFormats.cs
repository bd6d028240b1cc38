using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>
/// How a renderer is asked to render: colour for terminals; a folder of templates that replaces the built-in HTML and
/// Markdown ones (`--template DIR`); and the files holding the full reports of the same scan, which a shortened
/// Markdown report points to.
/// </summary>
public sealed record RenderSettings(bool Color = false, string? TemplateFolder = null, IReadOnlyList<string>? FullReports = null);

/// <summary>The one list of report formats; `--format` and `--report` accept exactly these names.</summary>
public static class ReportFormats
{
    private static readonly Dictionary<string, Func<AuditReport, RenderSettings, string>> Renderers = new(StringComparer.Ordinal)
    {
        ["console"] = (report, settings) => ConsoleReport.Render(report, settings.Color),
        ["json"] = (report, _) => JsonReport.Render(report),
        ["markdown"] = MarkdownScorecard.Render,
        ["html"] = HtmlScorecard.Render,
        ["sarif"] = (report, _) => SarifReport.Render(report),
    };

    public static IReadOnlyCollection<string> Names => Renderers.Keys;

    public static bool IsKnown(string name) => Renderers.ContainsKey(name);

    public static string Render(string format, AuditReport report, RenderSettings settings) => Renderers[format](report, settings);
}
