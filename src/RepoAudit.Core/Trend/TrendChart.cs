using System.Globalization;

namespace RepoAudit.Core.Trend;

/// <summary>A plotted point: where it sits, and what it says when hovered.</summary>
public sealed record ChartMark(string X, string Y, string Label, string? Link);

/// <summary>One line of the chart: the overall score or a category.</summary>
public sealed record ChartSeries(string Id, string Title, string Color, string Dash, string Width, string Points, IReadOnlyList<ChartMark> Marks, string? LastY);

/// <summary>A horizontal grid line with its score label.</summary>
public sealed record ChartTick(string Y, string Label);

/// <summary>A commit label under the x axis.</summary>
public sealed record ChartLabel(string X, string Text);

/// <summary>The geometry of a score chart, computed here so that the template only places elements.</summary>
public sealed record ChartGeometry(int Width, int Height, string Left, string Right, string Top, string Bottom, IReadOnlyList<ChartTick> Ticks, IReadOnlyList<ChartLabel> Labels, IReadOnlyList<ChartSeries> Series);

/// <summary>
/// Scores (0-100) against evenly spaced points, as SVG coordinates. Gaps (a score that could not be computed) break
/// the line rather than dropping to zero. Colours are the Okabe-Ito palette, and every category line also has its own
/// dash pattern, so no line is told apart by colour alone.
/// </summary>
public static class TrendChart
{
    private static readonly string[] Palette = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d1f", "#6b6b6b", "#332288"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "3 3", "12 3 3 3"];

    public static ChartGeometry Lines(IReadOnlyList<string> labels, IReadOnlyList<(string Id, string Title, IReadOnlyList<double?> Scores, IReadOnlyList<string> Tips, IReadOnlyList<string?> Urls)> series, int width = 960, int height = 340)
    {
        const double left = 44, right = 44, top = 16, bottom = 56;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        double X(int index) => labels.Count == 1 ? left + plotWidth / 2 : left + index * plotWidth / (labels.Count - 1);
        double Y(double score) => top + (100 - score) * plotHeight / 100;

        var ticks = new[] { 0, 25, 50, 75, 100 }.Select(score => new ChartTick(F(Y(score)), score.ToString(CultureInfo.InvariantCulture))).ToArray();
        var every = Math.Max(1, (int)Math.Ceiling(labels.Count / 10.0));
        var axis = labels.Select((text, index) => (text, index))
            .Where(label => (labels.Count - 1 - label.index) % every == 0)
            .Select(label => new ChartLabel(F(X(label.index)), label.text)).ToArray();

        var lines = series.Select((line, number) =>
        {
            var overall = number == 0;
            var marks = new List<ChartMark>();
            var segments = new List<string>();
            var current = new List<string>();
            for (var i = 0; i < line.Scores.Count; i++)
            {
                if (line.Scores[i] is not { } score)
                {
                    Flush();
                    continue;
                }

                current.Add($"{F(X(i))},{F(Y(score))}");
                marks.Add(new ChartMark(F(X(i)), F(Y(score)), line.Tips[i], line.Urls[i]));
            }

            Flush();
            void Flush()
            {
                if (current.Count > 0)
                {
                    segments.Add((segments.Count == 0 ? "M" : " M") + string.Join(" L", current));
                    current.Clear();
                }
            }

            var last = line.Scores.LastOrDefault(score => score is not null);
            return new ChartSeries(line.Id, line.Title,
                overall ? "currentColor" : Palette[(number - 1) % Palette.Length],
                overall ? "" : Dashes[(number - 1) % Dashes.Length],
                overall ? "3.5" : "1.75",
                string.Concat(segments), marks, last is { } l ? F(Y(l)) : null);
        }).ToArray();
        return new ChartGeometry(width, height, F(left), F(width - right), F(top), F(height - bottom), ticks, axis, lines);
    }

    /// <summary>An SVG path of scores in a small box, for a sparkline; empty when no score is known.</summary>
    public static string Sparkline(IReadOnlyList<double?> scores, int width = 120, int height = 28)
    {
        var known = scores.Select((score, index) => (score, index)).Where(point => point.score is not null).ToArray();
        if (known.Length == 0)
        {
            return "";
        }

        double X(int index) => scores.Count == 1 ? width / 2.0 : 2 + index * (width - 4.0) / (scores.Count - 1);
        double Y(double score) => 2 + (100 - score) * (height - 4.0) / 100;
        return "M" + string.Join(" L", known.Select(point => $"{F(X(point.index))},{F(Y(point.score!.Value))}"));
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
