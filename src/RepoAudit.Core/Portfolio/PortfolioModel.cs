using RepoAudit.Core.Results;
using RepoAudit.Core.Reports;

namespace RepoAudit.Core.Portfolio;

/// <summary>One repository of the portfolio: its audit (fresh, or read from a scan's JSON report) and its trend when given.</summary>
public sealed record PortfolioEntry(string Name, string Source, AuditReport Report, IReadOnlyList<double?>? Trend)
{
    /// <summary>The profile the repository declares, or "none".</summary>
    public string Profile => Report.Profile ?? "none";
}

/// <summary>An input that could not be audited or read, and why; the others go on.</summary>
public sealed record BrokenInput(string Source, string Problem);

/// <summary>A rule failing in several repositories.</summary>
public sealed record CommonFailure(string RuleId, string Name, string Title, string Category, IReadOnlyList<string> Repositories);

/// <summary>Everything one `repoaudit portfolio` found; the HTML, Markdown and JSON overviews render this.</summary>
public sealed record PortfolioReport(
    ToolInfo Tool,
    IReadOnlyList<PortfolioEntry> Entries,
    IReadOnlyList<BrokenInput> Broken,
    DateTimeOffset GeneratedAt)
{
    /// <summary>Repositories best first; those without a score last.</summary>
    public IReadOnlyList<PortfolioEntry> Ranked => Entries
        .OrderByDescending(entry => entry.Report.Scorecard.Score ?? -1).ThenBy(entry => entry.Name, StringComparer.Ordinal).ToArray();

    /// <summary>The rules that fail most often across the portfolio, with the repositories that fail them.</summary>
    public IReadOnlyList<CommonFailure> CommonFailures(int count = 10) => Entries
        .SelectMany(entry => entry.Report.Results.Where(result => result.Outcome == Model.Outcome.Fail).Select(result => (entry.Name, result.Rule)))
        .GroupBy(failure => failure.Rule.Id, StringComparer.Ordinal)
        .Select(group => new CommonFailure(group.Key, group.First().Rule.Name, group.First().Rule.Title, group.First().Rule.Category,
            group.Select(failure => failure.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()))
        .OrderByDescending(failure => failure.Repositories.Count).ThenBy(failure => failure.RuleId, StringComparer.Ordinal)
        .Take(count).ToArray();

    /// <summary>The categories any repository was scored on, in the usual order.</summary>
    public IReadOnlyList<(string Id, string Title)> Categories => Entries
        .SelectMany(entry => entry.Report.Scorecard.Categories.Select(category => (category.Id, category.Title)))
        .Distinct().OrderBy(category => Model.Categories.Order(category.Id)).ThenBy(category => category.Id, StringComparer.Ordinal).ToArray();
}
