using System.Text.RegularExpressions;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>
/// conda environment files (environment.yml, conda.yaml): conda match specs under `dependencies`, and pip requirement
/// lines under a nested `pip:` list (which may `-r` other files). A conda spec is pinned when it names one version
/// without a wildcard or range (`numpy=1.26.4`, `numpy==1.26.4`, `numpy 1.26.4`, optionally with a build string);
/// `numpy=1.26` is a prefix match and does not pin.
/// </summary>
internal static partial class CondaEnvironment
{
    /// <summary>The environment's dependencies and pip includes; null when the YAML is not a conda environment.</summary>
    public static Manifest? Read(string path, string text)
    {
        if (DataNodes.FromYaml(text) is not DataMap root || root["dependencies"] is not { } entries)
        {
            return null;
        }

        var dependencies = new List<Dependency>();
        var includes = new List<Requirements.Include>();
        foreach (var entry in entries is DataList list ? list.Items : [])
        {
            switch (entry)
            {
                case DataScalar { Value: { } spec } when Parse(spec, entry.Line) is { } dependency:
                    dependencies.Add(dependency);
                    break;
                case DataMap map when map["pip"] is DataList pip:
                    foreach (var item in pip.Items)
                    {
                        if (item is DataScalar { Value: { } line })
                        {
                            Requirements.ParseLine(line.Trim(), item.Line ?? 0, dependencies, includes);
                        }
                    }

                    break;
            }
        }

        return new Manifest(path, dependencies) { Dedicated = true, Includes = includes };
    }

    /// <summary>Reads one conda match spec; null for `pip` itself, which is only the installer for the pip section.</summary>
    public static Dependency? Parse(string spec, int? line)
    {
        var text = spec.Trim();
        var channel = text.LastIndexOf("::", StringComparison.Ordinal);
        var match = CondaSpec().Match(channel < 0 ? text : text[(channel + 2)..]);
        if (!match.Success)
        {
            return new Dependency(text, text, line, false);
        }

        var name = match.Groups["name"].Value;
        if (name.Equals("pip", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = match.Groups["rest"].Value.Trim();
        var bracketVersion = BracketVersion().Match(rest);
        return new Dependency(name, text, line, VersionPins(bracketVersion.Success ? bracketVersion.Groups[1].Value : rest));
    }

    /// <summary>
    /// Does a conda version spec (`==1.2.3`, `=1.2.3`, `=1.2.3=build`, `1.2.3`) name one version? A single `=` is a
    /// prefix match in conda (`numpy=1.26` installs any 1.26.x), so it pins only down to the patch level, as
    /// `conda env export --no-builds` writes it, or with a build string.
    /// </summary>
    public static bool VersionPins(string version)
    {
        var text = version.Trim();
        if (!ExactVersion().IsMatch(text))
        {
            return false;
        }

        if (text.StartsWith("==", StringComparison.Ordinal) || !text.StartsWith('='))
        {
            return true;
        }

        var parts = text[1..].Trim().Split('=', 2);
        return parts.Length == 2 || parts[0].Split('.').Length >= 3;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_][A-Za-z0-9._-]*)(?<rest>.*)$")]
    private static partial Regex CondaSpec();

    [GeneratedRegex(@"^\[.*\bversion\s*=\s*['""]?([^'"",\]]+)")]
    private static partial Regex BracketVersion();

    // The version part may not hold a wildcard or range; a build string after a second '=' may.
    [GeneratedRegex(@"^(?:==?\s*|\s*)[A-Za-z0-9._+!]*[0-9][A-Za-z0-9._+!]*(?:[=\s]\S*)?$")]
    private static partial Regex ExactVersion();
}
