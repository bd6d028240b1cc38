using RepoAudit.Core.Results;
using RepoAudit.Core.Reports;

namespace RepoAudit.Core.Portfolio;

/// <summary>One repository of the portfolio: its audit (fresh, or read from a scan's JSON report) and its trend when given.</summary>
public sealed record PortfolioEntry(string Name, string Source, AuditReport Report, IReadOnlyList<double?>? Trend)
{
    /// <summary>The profile the repository declares, or "none".</summary>
    public string Profile => Report.Profile ?? "none";
}

/// <summary>A RepoAudit version and rule set (<see cref="RuleSetInfo.Hash"/>, null when the report does not say), and the repositories of one profile judged by it.</summary>
public sealed record RuleSetGroup(string Profile, string Version, string? Hash, IReadOnlyList<string> Repositories)
{
    public string Label => $"repoaudit {Version}, rule set {Hash ?? "not recorded (a report from an older RepoAudit)"}";
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

    /// <summary>
    /// The rule sets each profile's repositories were judged by. Repositories of one profile are shown side by side as
    /// comparable, which holds only when one RepoAudit version and one rule set judged them all; reports collected from
    /// many CI jobs, or a .repoaudit.yml that changes rules, options or suppressions, can break that.
    /// </summary>
    public IReadOnlyList<RuleSetGroup> RuleSets => Entries
        .GroupBy(entry => (entry.Profile, entry.Report.Tool.Version, entry.Report.RuleSet?.Hash))
        .Select(group => new RuleSetGroup(group.Key.Profile, group.Key.Version, group.Key.Hash,
            group.Select(entry => entry.Name).Order(StringComparer.Ordinal).ToArray()))
        .OrderBy(group => group.Profile, StringComparer.Ordinal).ThenByDescending(group => group.Repositories.Count)
        .ThenBy(group => group.Version, StringComparer.Ordinal).ThenBy(group => group.Hash, StringComparer.Ordinal).ToArray();

    /// <summary>The rule sets of the profiles judged by more than one: their scores do not compare with each other.</summary>
    public IReadOnlyList<RuleSetGroup> Incomparable => RuleSets.GroupBy(group => group.Profile, StringComparer.Ordinal)
        .Where(profile => profile.Count() > 1).SelectMany(profile => profile).ToArray();

    /// <summary>The categories any repository was scored on, in the usual order.</summary>
    public IReadOnlyList<(string Id, string Title)> Categories => Entries
        .SelectMany(entry => entry.Report.Scorecard.Categories.Select(category => (category.Id, category.Title)))
        .Distinct().OrderBy(category => Model.Categories.Order(category.Id)).ThenBy(category => category.Id, StringComparer.Ordinal).ToArray();
}
