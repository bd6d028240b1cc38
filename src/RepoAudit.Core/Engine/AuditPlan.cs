using RepoAudit.Core.Checks;
using RepoAudit.Core.Config;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Rules;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Engine;

/// <summary>A rule as it will run: severity, weight, options and suppression after the config, checks compiled.</summary>
public sealed record EffectiveRule(
    RuleDefinition Rule,
    bool Enabled,
    Severity Severity,
    int Weight,
    Suppression? Suppression,
    ICheck? AppliesWhen,
    ICheck Check)
{
    /// <summary>Does the rule, in its check or its applies_when, read git history? Such rules are evaluated last.</summary>
    public bool ReadsHistory => Check.ReadsHistoryAnywhere() || AppliesWhen?.ReadsHistoryAnywhere() == true;
}

/// <summary>Where rules and configuration come from for one audit.</summary>
public sealed record RuleSources
{
    public bool UseBuiltin { get; init; } = true;
    public IReadOnlyList<string> Packs { get; init; } = [];

    /// <summary>An explicit config file; when null, `.repoaudit.yml` at the audited folder is used if present.</summary>
    public string? ConfigFile { get; init; }
}

/// <summary>
/// The first stage of an audit: load the rule packs and the config and resolve every rule's effective settings.
/// Everything that can be wrong with rules or config fails here, with file, line and column, before any scanning.
/// </summary>
public sealed record AuditPlan(IReadOnlyList<EffectiveRule> Rules, AuditConfig Config)
{
    public IEnumerable<EffectiveRule> EnabledRules => Rules.Where(rule => rule.Enabled);

    public static AuditPlan Load(RuleSources sources, string repositoryRoot)
    {
        var configFile = sources.ConfigFile ?? Path.Combine(repositoryRoot, AuditConfig.FileName);
        var config = sources.ConfigFile is not null || File.Exists(configFile) ? AuditConfig.Load(configFile) : AuditConfig.Empty;
        var rules = LoadRules(sources, config.Packs.Select(pack => Path.Combine(repositoryRoot, pack)));
        return FromRules(rules, config);
    }

    /// <summary>
    /// The plan as the repository defined it at a trusted commit: its `.repoaudit.yml` and the packs that config names
    /// are read from git objects at that commit, so a change under review cannot rewrite the rules that judge it.
    /// </summary>
    public static AuditPlan LoadAtCommit(RuleSources sources, GitRepository git, string commit)
    {
        // Files inside the repository are read at the commit; files elsewhere (the CI's own) are trusted as they are.
        var root = Path.GetFullPath(git.Folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        bool Inside(string path) => Path.GetFullPath(path).StartsWith(root, StringComparison.Ordinal);
        var configPath = sources.ConfigFile is { } explicitConfig && Inside(explicitConfig)
            ? Path.GetRelativePath(root, explicitConfig).Replace('\\', '/')
            : sources.ConfigFile is null ? AuditConfig.FileName : null;
        var config = configPath is null
            ? AuditConfig.Load(sources.ConfigFile!)
            : git.ReadFileAt(commit, configPath) is { } text ? AuditConfig.Parse($"{commit[..Math.Min(12, commit.Length)]}:{configPath}", text) : AuditConfig.Empty;
        var inside = sources.Packs.Where(Inside).ToArray();
        var packs = new List<IReadOnlyList<RuleDefinition>> { LoadRules(sources with { Packs = sources.Packs.Except(inside).ToArray() }) };
        foreach (var pack in config.Packs.Concat(inside.Select(pack => Path.GetRelativePath(root, pack).Replace('\\', '/'))))
        {
            packs.Add(LoadPackAtCommit(git, commit, pack));
        }

        return FromRules(RuleLoader.Combine(packs), config);
    }

    private static IReadOnlyList<RuleDefinition> LoadPackAtCommit(GitRepository git, string commit, string pack)
    {
        var prefix = commit[..Math.Min(12, commit.Length)];
        var folder = pack.TrimEnd('/') + "/";
        var files = git.ListTree(commit, pack).Files.Select(entry => entry.Path)
            .Where(path => path == pack || RuleLoader.IsPackFile(path.StartsWith(folder, StringComparison.Ordinal) ? path[folder.Length..] : path))
            .Select(path => ($"{prefix}:{path}", git.ReadFileAt(commit, path) ?? ""));
        return RuleLoader.LoadTexts($"{prefix}:{pack}", files);
    }

    private static AuditPlan FromRules(IReadOnlyList<RuleDefinition> rules, AuditConfig config)
    {
        config.Validate(rules);
        return new AuditPlan(rules.Select(rule => Resolve(rule, config)).ToArray(), config);
    }

    /// <summary>The built-in pack (unless turned off) and the given packs, with ids and names unique across them.</summary>
    public static IReadOnlyList<RuleDefinition> LoadRules(RuleSources sources, IEnumerable<string>? morePacks = null)
    {
        var packs = new List<IReadOnlyList<RuleDefinition>>();
        if (sources.UseBuiltin)
        {
            packs.Add(RuleLoader.LoadBuiltin());
        }

        packs.AddRange(sources.Packs.Concat(morePacks ?? []).Select(RuleLoader.LoadPath));
        return RuleLoader.Combine(packs);
    }

    private static EffectiveRule Resolve(RuleDefinition rule, AuditConfig config)
    {
        config.Rules.TryGetValue(rule.Id, out var change);
        var options = new Dictionary<string, OptionValue>(rule.Options, StringComparer.Ordinal);
        foreach (var (name, (value, _)) in change?.Options ?? new Dictionary<string, (OptionValue, YamlDotNet.RepresentationModel.YamlNode)>())
        {
            options[name] = value;
        }

        (ICheck? AppliesWhen, ICheck Check) checks;
        try
        {
            checks = change is null || change.Options.Count == 0 ? rule.DefaultChecks : rule.Compile(options);
        }
        catch (LoadException ex) when (change is not null && config.Source is not null)
        {
            // The rule compiled with its own defaults at load time, so an override must have broken it.
            throw new LoadException(config.Source, ex.Line == 0 ? 0 : (int)change.KeyNode.Start.Line, (int)change.KeyNode.Start.Column,
                $"the options set for {rule.Id} do not work with the rule: {ex.Problem}");
        }

        var severity = change?.Severity ?? config.Profile?.SeverityOf(rule) ?? rule.Info.Severity;
        return new EffectiveRule(
            rule,
            change?.Enabled ?? true,
            severity,
            change?.Weight ?? rule.Info.Weight ?? severity.DefaultWeight(),
            change?.Suppression,
            checks.AppliesWhen,
            checks.Check);
    }
}
