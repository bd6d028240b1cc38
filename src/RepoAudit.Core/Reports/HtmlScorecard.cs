using System.Security.Cryptography;
using RepoAudit.Core.Results;

namespace RepoAudit.Core.Reports;

/// <summary>
/// The HTML scorecard: one self-contained page (inline CSS and SVG, no fonts, images or requests) that can be
/// attached to a CI run and opened offline. Its Content-Security-Policy allows no network access at all and only
/// the page's own script, by a nonce made fresh for each page, so even a string that escaped escaping could not run.
/// </summary>
public static class HtmlScorecard
{
    public static string Render(AuditReport report, RenderSettings settings)
    {
        var view = ScorecardView.From(report, new ScorecardViewOptions
        {
            FullReports = settings.FullReports ?? [],
            Nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        });
        return ScorecardTemplate.Html(settings.TemplateFolder).Render(view);
    }
}
