namespace RepoAudit.Core.Reports;

/// <summary>How a renderer is asked to render: colour for terminals.</summary>
public sealed record RenderSettings(bool Color = false);

/// <summary>The one list of report formats; `--format` and `--report` accept exactly these names.</summary>
public static class ReportFormats
{
    private static readonly Dictionary<string, Func<AuditReport, RenderSettings, string>> Renderers = new(StringComparer.Ordinal)
    {
        ["console"] = (report, settings) => ConsoleReport.Render(report, settings.Color),
        ["json"] = (report, _) => JsonReport.Render(report),
        ["sarif"] = (report, _) => SarifReport.Render(report),
    };

    public static IReadOnlyCollection<string> Names => Renderers.Keys;

    public static bool IsKnown(string name) => Renderers.ContainsKey(name);

    public static string Render(string format, AuditReport report, RenderSettings settings) => Renderers[format](report, settings);
}
