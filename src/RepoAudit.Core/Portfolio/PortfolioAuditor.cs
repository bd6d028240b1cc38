using System.Collections.Concurrent;
using System.Text.Json;
using RepoAudit.Core.Results;
using RepoAudit.Core.Engine;
using RepoAudit.Core.Git;
using RepoAudit.Core.Reports;
using RepoAudit.Core.Text;
using RepoAudit.Core.Trend;

namespace RepoAudit.Core.Portfolio;

/// <summary>How to build a portfolio.</summary>
public sealed record PortfolioOptions
{
    public int? HistoryDepth { get; init; }
    public bool NoHistory { get; init; }
    public GitRunner? Git { get; init; } = new();
    public IProgress<string>? Progress { get; init; }
}

/// <summary>
/// Builds the portfolio from its inputs: repository folders (audited in parallel), files that list inputs one per line,
/// JSON reports of `repoaudit scan` and JSON trends of `repoaudit trend`. An input that is missing or broken becomes a
/// <see cref="BrokenInput"/> and never stops the others.
/// </summary>
public static class PortfolioAuditor
{
    private const int MaxListDepth = 4;

    public static PortfolioReport Run(IReadOnlyList<string> inputs, RuleSources sources, PortfolioOptions options)
    {
        var generatedAt = DateTimeOffset.UtcNow;
        var broken = new ConcurrentBag<(int Order, BrokenInput Input)>();
        var folders = new List<(int Order, string Path)>();
        var reports = new List<(int Order, string Path)>();
        var trends = new Dictionary<string, IReadOnlyList<double?>>(StringComparer.Ordinal);
        var order = 0;
        Expand(inputs, Directory.GetCurrentDirectory(), 0);

        var entries = new ConcurrentBag<(int Order, PortfolioEntry Entry)>();
        foreach (var (index, file) in reports)
        {
            try
            {
                var report = ScanReportReader.Read(file, File.ReadAllText(file));
                entries.Add((index, new PortfolioEntry(RepositoryName(report.Repository.Root), file, report, null)));
            }
            catch (Exception ex) when (ex is ReportFormatException or IOException or UnauthorizedAccessException)
            {
                broken.Add((index, new BrokenInput(file, ex.Message)));
            }
        }

        var done = 0;
        Parallel.ForEach(folders, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, folder =>
        {
            try
            {
                var report = Auditor.Run(folder.Path, sources, new AuditOptions { HistoryDepth = options.HistoryDepth, NoHistory = options.NoHistory, Git = options.Git });
                entries.Add((folder.Order, new PortfolioEntry(RepositoryName(folder.Path), folder.Path, report, null)));
            }
            catch (Exception ex) when (ex is LoadException or IOException or UnauthorizedAccessException or GitUnavailableException or InvalidOperationException)
            {
                broken.Add((folder.Order, new BrokenInput(folder.Path, ex.Message)));
            }

            options.Progress?.Report($"[{Interlocked.Increment(ref done)}/{folders.Count}] {RepositoryName(folder.Path)}");
        });

        // Names must be unique: they label rows and name each repository's scorecard file.
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unique = entries.OrderBy(entry => entry.Order).Select(entry =>
        {
            var name = entry.Entry.Name;
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"{entry.Entry.Name}-{n}";
            }

            return entry.Entry with { Name = name, Trend = trends.GetValueOrDefault(entry.Entry.Name) };
        }).ToArray();
        return new PortfolioReport(ToolInfo.Current, unique, broken.OrderBy(b => b.Order).Select(b => b.Input).ToArray(), generatedAt);

        void Expand(IEnumerable<string> items, string relativeTo, int depth)
        {
            foreach (var item in items)
            {
                var path = Path.GetFullPath(item, relativeTo);
                var index = order++;
                if (Directory.Exists(path))
                {
                    folders.Add((index, path));
                }
                else if (!File.Exists(path))
                {
                    broken.Add((index, new BrokenInput(item, "does not exist")));
                }
                else if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    if (ReadTrend(path) is { } trend)
                    {
                        trends[trend.Name] = trend.Scores;
                    }
                    else
                    {
                        reports.Add((index, path));
                    }
                }
                else if (depth >= MaxListDepth)
                {
                    broken.Add((index, new BrokenInput(item, $"lists nested more than {MaxListDepth} deep are not followed")));
                }
                else
                {
                    // A list of inputs, one per line; blank lines and # comments are skipped; paths are relative to the list.
                    string[] lines;
                    try
                    {
                        lines = File.ReadAllLines(path);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        broken.Add((index, new BrokenInput(item, $"cannot be read: {ex.Message}")));
                        continue;
                    }

                    Expand(lines.Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')), Path.GetDirectoryName(path)!, depth + 1);
                }
            }
        }
    }

    /// <summary>The repository's name and score series, when the file is a trend report; null otherwise.</summary>
    private static (string Name, IReadOnlyList<double?> Scores)? ReadTrend(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.GetString() != TrendJson.Kind)
            {
                return null;
            }

            var name = root.GetProperty("repository").GetProperty("name").GetString() ?? "";
            var scores = root.GetProperty("points").EnumerateArray()
                .Select(point => point.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : (double?)null)
                .ToArray();
            return (name, scores);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // read again as a scan report, which says what is wrong with it
        }
    }

    private static string RepositoryName(string root) => Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) is { Length: > 0 } name ? name : root;
}
