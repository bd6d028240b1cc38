using System.Globalization;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Scoring;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Config;

/// <summary>A team's changes to one rule. Null members leave the rule's own value.</summary>
public sealed record RuleOverride
{
    public bool? Enabled { get; init; }
    public Severity? Severity { get; init; }
    public int? Weight { get; init; }
    public IReadOnlyDictionary<string, (OptionValue Value, YamlNode Node)> Options { get; init; } = new Dictionary<string, (OptionValue, YamlNode)>();
    public Suppression? Suppression { get; init; }
    public required YamlNode KeyNode { get; init; }
}

/// <summary>`.repoaudit.yml`: rule overrides, extra packs, excludes and gate defaults.</summary>
public sealed record AuditConfig
{
    public const string FileName = ".repoaudit.yml";

    public static readonly AuditConfig Empty = new() { Source = null };

    public IReadOnlyDictionary<string, RuleOverride> Rules { get; init; } = new Dictionary<string, RuleOverride>();
    public IReadOnlyList<string> Packs { get; init; } = [];
    public FailOn? FailOn { get; init; }
    public double? MinScore { get; init; }
    public int? HistoryDepth { get; init; }

    /// <summary>The repository's declared maturity (prototype, research, production), or null when it declares none.</summary>
    public Profile? Profile { get; init; }
    public IReadOnlyList<string> Exclude { get; init; } = [];
    public string? Source { get; init; }
    internal YamlDoc? Doc { get; init; }

    private static readonly string[] TopKeys = ["rules", "packs", "fail_on", "min_score", "history", "exclude", "profile"];
    private static readonly string[] RuleKeys = ["enabled", "severity", "weight", "options", "suppress", "until"];

    public static AuditConfig Load(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoadException(file, 0, 0, $"cannot read the config: {ex.Message}");
        }

        return Parse(file, text);
    }

    public static AuditConfig Parse(string source, string text)
    {
        var (doc, root) = YamlDoc.Parse(source, text);
        if (root is null || root is YamlScalarNode { Value: null or "" })
        {
            return Empty with { Source = source, Doc = doc };
        }

        var entries = doc.Entries(doc.Mapping(root, "the config"), "the config", TopKeys);
        var rules = new Dictionary<string, RuleOverride>(StringComparer.Ordinal);
        if (entries.TryGetValue("rules", out var rulesEntry) && rulesEntry.Value is not YamlScalarNode { Value: null or "" })
        {
            foreach (var (keyNode, valueNode) in doc.Mapping(rulesEntry.Value, "'rules'").Children)
            {
                var id = doc.NonEmptyString(keyNode, "a rule id");
                if (rules.ContainsKey(id))
                {
                    throw doc.Error(keyNode, $"rule {id} is configured twice");
                }

                rules[id] = ParseOverride(doc, id, keyNode, valueNode);
            }
        }

        double? minScore = null;
        if (entries.TryGetValue("min_score", out var minEntry))
        {
            minScore = doc.Number(minEntry.Value, "'min_score'");
            if (minScore is < 0 or > 100)
            {
                throw doc.Error(minEntry.Value, "'min_score' must be between 0 and 100");
            }
        }

        FailOn? failOn = null;
        if (entries.TryGetValue("fail_on", out var failEntry))
        {
            var value = doc.NonEmptyString(failEntry.Value, "'fail_on'");
            failOn = FailOn.TryParse(value, out var parsed) ? parsed : throw doc.Error(failEntry.Value, $"'fail_on' must be error, warning, info or never, found '{value}'");
        }

        int? depth = null;
        if (entries.TryGetValue("history", out var historyEntry))
        {
            var history = doc.Entries(doc.Mapping(historyEntry.Value, "'history'"), "'history'", ["depth"]);
            if (history.TryGetValue("depth", out var depthEntry))
            {
                depth = doc.Integer(depthEntry.Value, "'history.depth'", 1);
            }
        }

        Profile? profile = null;
        if (entries.TryGetValue("profile", out var profileEntry))
        {
            var name = doc.NonEmptyString(profileEntry.Value, "'profile'");
            profile = Config.Profile.Named(name)
                ?? throw doc.Error(profileEntry.Value, $"'profile' must be one of {string.Join(", ", Config.Profile.All.Select(p => p.Name))}, found '{name}'");
        }

        return new AuditConfig
        {
            Profile = profile,
            Rules = rules,
            Packs = entries.TryGetValue("packs", out var packs) ? RelativePaths(doc, packs.Value, "'packs'") : [],
            FailOn = failOn,
            MinScore = minScore,
            HistoryDepth = depth,
            Exclude = entries.TryGetValue("exclude", out var exclude) ? Globs(doc, exclude.Value) : [],
            Source = source,
            Doc = doc,
        };
    }

    private static RuleOverride ParseOverride(YamlDoc doc, string id, YamlNode keyNode, YamlNode valueNode)
    {
        var entries = doc.Entries(doc.Mapping(valueNode, $"the settings of {id}"), $"the settings of {id}", RuleKeys);
        Severity? severity = null;
        if (entries.TryGetValue("severity", out var severityEntry))
        {
            var text = doc.NonEmptyString(severityEntry.Value, "'severity'");
            severity = OutcomeNames.TryParseSeverity(text, out var parsed) ? parsed : throw doc.Error(severityEntry.Value, $"'severity' must be error, warning or info, found '{text}'");
        }

        var options = new Dictionary<string, (OptionValue, YamlNode)>(StringComparer.Ordinal);
        if (entries.TryGetValue("options", out var optionsEntry))
        {
            foreach (var (optionKey, optionValue) in doc.Mapping(optionsEntry.Value, "'options'").Children)
            {
                var name = doc.NonEmptyString(optionKey, "an option name");
                options[name] = (OptionValue.From(doc, optionValue, $"option '{name}'"), optionKey);
            }
        }

        Suppression? suppression = null;
        if (entries.TryGetValue("suppress", out var suppressEntry))
        {
            var reason = doc.Scalar(suppressEntry.Value, "'suppress'").Trim();
            if (reason.Length == 0 || reason is "true" or "yes")
            {
                throw doc.Error(suppressEntry.Value, $"'suppress' needs the reason as text, e.g. suppress: \"the model card lives in the wiki\"");
            }

            DateOnly? until = null;
            if (entries.TryGetValue("until", out var untilEntry))
            {
                var text = doc.NonEmptyString(untilEntry.Value, "'until'");
                until = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : throw doc.Error(untilEntry.Value, $"'until' must be a date like 2027-06-30, found '{text}'");
            }

            suppression = new Suppression(reason, until);
        }
        else if (entries.TryGetValue("until", out var orphan))
        {
            throw doc.Error(orphan.Key, "'until' only makes sense with 'suppress'");
        }

        return new RuleOverride
        {
            Enabled = entries.TryGetValue("enabled", out var enabled) ? doc.Boolean(enabled.Value, "'enabled'") : null,
            Severity = severity,
            Weight = entries.TryGetValue("weight", out var weight) ? doc.Integer(weight.Value, "'weight'", 0, 100) : null,
            Options = options,
            Suppression = suppression,
            KeyNode = keyNode,
        };
    }

    private static IReadOnlyList<string> RelativePaths(YamlDoc doc, YamlNode node, string what)
    {
        var paths = doc.StringList(node, what);
        foreach (var path in paths)
        {
            if (Path.IsPathRooted(path) || path.Replace('\\', '/').Split('/').Contains(".."))
            {
                throw doc.Error(node, $"{what}: '{path}' must be a folder inside the repository");
            }
        }

        return paths;
    }

    private static IReadOnlyList<string> Globs(YamlDoc doc, YamlNode node)
    {
        var globs = doc.StringList(node, "'exclude'");
        foreach (var glob in globs)
        {
            if (Snapshot.Globs.Validate(glob) is { } problem)
            {
                throw doc.Error(node, $"'exclude': {problem}");
            }
        }

        return globs;
    }

    /// <summary>Refuses overrides of rules that are not loaded, and options a rule does not have.</summary>
    public void Validate(IReadOnlyList<RuleDefinition> rules)
    {
        if (Doc is null)
        {
            return;
        }

        var byId = rules.ToDictionary(rule => rule.Id, StringComparer.Ordinal);
        foreach (var (id, change) in Rules)
        {
            if (!byId.TryGetValue(id, out var rule))
            {
                var hint = rules.Select(r => r.Id).FirstOrDefault(known => string.Equals(known, id, StringComparison.OrdinalIgnoreCase));
                throw Doc.Error(change.KeyNode, $"unknown rule id '{id}'{(hint is null ? "; `repoaudit rules list` shows the loaded rules" : $"; did you mean {hint}?")}");
            }

            foreach (var (name, (_, node)) in change.Options)
            {
                if (!rule.Options.ContainsKey(name))
                {
                    throw Doc.Error(node, $"rule {id} has no option '{name}'; its options are: {(rule.Options.Count == 0 ? "none" : string.Join(", ", rule.Options.Keys))}");
                }
            }
        }
    }
}
