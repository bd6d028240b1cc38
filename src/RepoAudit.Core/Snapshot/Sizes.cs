using System.Globalization;
using System.Text.RegularExpressions;

namespace RepoAudit.Core.Snapshot;

/// <summary>Human sizes in both directions: "10MB" in rule options, "48.2 MB" in evidence. Units are powers of 1024.</summary>
public static partial class Sizes
{
    public static bool TryParse(string text, out long bytes)
    {
        var match = SizePattern().Match(text.Trim());
        bytes = 0;
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            _ => 0L,
        };
        if (factor == 0)
        {
            return false;
        }

        bytes = (long)(number * factor);
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<u>[A-Za-z]*)$")]
    private static partial Regex SizePattern();
}
