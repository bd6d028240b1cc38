using System.Text.RegularExpressions;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Model;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Rules;

/// <summary>
/// Loads rules from YAML with strict validation: unknown keys, wrong types, invalid regexes, bad globs, missing fields
/// and duplicate ids are <see cref="LoadException"/>s that name file, line and column.
/// </summary>
public static partial class RuleLoader
{
    public const string BuiltinPack = RuleInfo.BuiltinPack;
    private const string ResourcePrefix = "rules/";

    private static readonly string[] Keys =
        ["id", "name", "title", "category", "severity", "weight", "lifecycle", "why", "fix", "references", "tags", "help_uri", "options", "messages", "applies_when", "check"];

    private static readonly string[] Required = ["id", "name", "title", "category", "severity", "why", "fix", "check"];

    /// <summary>Where generated rule docs are published; the built-in rules link there.</summary>
    public const string DocsBaseUri = "https://github.com/repoaudit/repoaudit/blob/main/docs/rules/";

    /// <summary>The folder of a pack that holds its named conditions and file sets rather than rules.</summary>
    public const string FactsFolder = "_facts";

    private static readonly Lazy<(FactLibrary Facts, IReadOnlyList<(string Name, string Text)> Rules)> Builtin = new(ReadBuiltin);

    /// <summary>The built-in pack's named conditions and file sets: every pack can refer to them.</summary>
    public static FactLibrary BuiltinFacts => Builtin.Value.Facts;

    /// <summary>The built-in pack, embedded in the binary.</summary>
    public static IReadOnlyList<RuleDefinition> LoadBuiltin() =>
        Builtin.Value.Rules.Select(rule => Parse(rule.Name, rule.Text, BuiltinPack, BuiltinFacts)).ToArray();

    private static (FactLibrary, IReadOnlyList<(string, string)>) ReadBuiltin()
    {
        var assembly = typeof(RuleLoader).Assembly;
        var facts = new List<(string, string)>();
        var rules = new List<(string, string)>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            (IsFactsFile(name[ResourcePrefix.Length..]) ? facts : rules).Add((name, reader.ReadToEnd()));
        }

        return (FactsParser.Load(FactLibrary.Engine, facts), rules);
    }

    /// <summary>Is this file of a pack (a path relative to the pack) one of its `_facts/` fact files?</summary>
    public static bool IsFactsFile(string relativePath) =>
        (relativePath.EndsWith(".yml", StringComparison.Ordinal) || relativePath.EndsWith(".yaml", StringComparison.Ordinal))
        && relativePath.Split('/')[..^1].Contains(FactsFolder);

    /// <summary>
    /// Loads a pack from a rule file, or from every `*.yml`/`*.yaml` under a folder, except inside `fixtures/` folders
    /// (a rule's test repositories) and hidden folders.
    /// </summary>
    public static IReadOnlyList<RuleDefinition> LoadPath(string path)
    {
        if (File.Exists(path))
        {
            return [LoadFile(path, path)];
        }

        if (!Directory.Exists(path))
        {
            throw new LoadException(path, 0, 0, "no such rule file or folder");
        }

        var relatives = PackFiles(path);
        var facts = FactsParser.Load(BuiltinFacts.Extending(), relatives.Where(IsFactsFile).Select(relative => ReadPackFile(Path.Combine(path, relative))));
        var rules = relatives.Where(IsRuleFile)
            .Select(relative => ReadPackFile(Path.Combine(path, relative)))
            .Select(file => Parse(file.Source, file.Text, path, facts))
            .ToList();

        if (rules.Count == 0)
        {
            throw new LoadException(path, 0, 0, "the folder holds no rule files (*.yml or *.yaml)");
        }

        return rules;
    }

    /// <summary>The rule and fact files of a pack folder, relative to it, in name order; links are not followed.</summary>
    public static IReadOnlyList<string> PackFiles(string folder)
    {
        var root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*.*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(file => Path.GetRelativePath(root, file).Replace('\\', '/'))
            .Where(IsPackFile)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Is this file (relative to its pack) part of the pack: a rule, or one of its `_facts/` files?</summary>
    public static bool IsPackFile(string relativePath) => IsRuleFile(relativePath) || IsFactsFile(relativePath);

    /// <summary>Which files of a pack folder are rules: YAML files outside `fixtures/`, `_facts/` and hidden folders.</summary>
    public static bool IsRuleFile(string relativePath)
    {
        if (!relativePath.EndsWith(".yml", StringComparison.Ordinal) && !relativePath.EndsWith(".yaml", StringComparison.Ordinal))
        {
            return false;
        }

        return !relativePath.Split('/')[..^1].Any(folder => folder is "fixtures" or FactsFolder || folder.StartsWith('.'));
    }

    /// <summary>Loads a pack from texts already read (a pack as it is in a git commit).</summary>
    public static IReadOnlyList<RuleDefinition> LoadTexts(string pack, IEnumerable<(string Source, string Text)> files)
    {
        var all = files.ToArray();
        var facts = FactsParser.Load(BuiltinFacts.Extending(), all.Where(file => IsFactsFile(file.Source)));
        var rules = all.Where(file => !IsFactsFile(file.Source)).Select(file => Parse(file.Source, file.Text, pack, facts)).ToList();
        return rules.Count > 0 ? rules : throw new LoadException(pack, 0, 0, "the folder holds no rule files (*.yml or *.yaml)");
    }

    private static RuleDefinition LoadFile(string file, string pack)
    {
        var (source, text) = ReadPackFile(file);
        return Parse(source, text, pack, BuiltinFacts);
    }

    private static (string Source, string Text) ReadPackFile(string file)
    {
        try
        {
            return (file, File.ReadAllText(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoadException(file, 0, 0, $"cannot read the rule file: {ex.Message}");
        }
    }

    /// <summary>Parses and validates one rule document.</summary>
    public static RuleDefinition Parse(string source, string text, string pack) => Parse(source, text, pack, BuiltinFacts);

    /// <summary>Parses and validates one rule document against a library of named conditions and file sets.</summary>
    public static RuleDefinition Parse(string source, string text, string pack, FactLibrary facts)
    {
        var (doc, root) = YamlDoc.Parse(source, text);
        if (root is null)
        {
            throw new LoadException(source, 1, 1, "the rule file is empty");
        }

        var mapping = doc.Mapping(root, "a rule");
        var entries = doc.Entries(mapping, "a rule", Keys);
        foreach (var key in Required)
        {
            if (!entries.ContainsKey(key))
            {
                throw doc.Error(root, $"the rule is missing '{key}'");
            }
        }

        var id = doc.NonEmptyString(entries["id"].Value, "'id'");
        if (!IdPattern().IsMatch(id))
        {
            throw doc.Error(entries["id"].Value, $"'id' must be upper-case letters followed by three digits (like DATA001), found '{id}'");
        }

        var name = doc.NonEmptyString(entries["name"].Value, "'name'");
        if (!NamePattern().IsMatch(name))
        {
            throw doc.Error(entries["name"].Value, $"'name' must be kebab-case (like data-split-explicit), found '{name}'");
        }

        CheckFolderName(doc, entries["id"].Value, source, id, name);

        var category = doc.NonEmptyString(entries["category"].Value, "'category'");
        if (!CategoryPattern().IsMatch(category))
        {
            throw doc.Error(entries["category"].Value, $"'category' must be a lower-case id ({string.Join(" | ", Categories.KnownIds)} or your own), found '{category}'");
        }

        var severityText = doc.NonEmptyString(entries["severity"].Value, "'severity'");
        if (!OutcomeNames.TryParseSeverity(severityText, out var severity))
        {
            throw doc.Error(entries["severity"].Value, $"'severity' must be error, warning or info, found '{severityText}'");
        }

        var lifecycle = entries.TryGetValue("lifecycle", out var lifecycleEntry) ? doc.NonEmptyString(lifecycleEntry.Value, "'lifecycle'") : "stable";
        if (lifecycle is not ("experimental" or "stable" or "deprecated"))
        {
            throw doc.Error(lifecycleEntry.Value, $"'lifecycle' must be experimental, stable or deprecated, found '{lifecycle}'");
        }

        var options = new Dictionary<string, OptionValue>(StringComparer.Ordinal);
        if (entries.TryGetValue("options", out var optionsEntry))
        {
            foreach (var (key, value) in doc.Mapping(optionsEntry.Value, "'options'").Children)
            {
                var optionName = doc.NonEmptyString(key, "an option name");
                if (!SnakeCase().IsMatch(optionName))
                {
                    throw doc.Error(key, $"option names are snake_case, found '{optionName}'");
                }

                if (!options.TryAdd(optionName, OptionValue.From(doc, value, $"option '{optionName}'")))
                {
                    throw doc.Error(key, $"duplicate option '{optionName}'");
                }
            }
        }

        var messages = entries.TryGetValue("messages", out var messagesEntry) ? ParseMessages(doc, messagesEntry.Value) : (null, null);
        var appliesWhenNode = entries.TryGetValue("applies_when", out var applies) ? applies.Value : null;

        // Compiling with the defaults validates every primitive, regex, glob, option and name reference now, not mid-scan.
        var appliesReader = new CheckReader(doc, options, facts);
        var appliesWhen = appliesWhenNode is null ? null : CheckCompiler.Compile(appliesReader, appliesWhenNode);
        var checkReader = new CheckReader(doc, options, facts);
        var check = CheckCompiler.Compile(checkReader, entries["check"].Value);

        var info = new RuleInfo
        {
            Id = id,
            Name = name,
            Title = doc.NonEmptyString(entries["title"].Value, "'title'"),
            Category = category,
            Severity = severity,
            Weight = entries.TryGetValue("weight", out var weight) ? doc.Integer(weight.Value, "'weight'", 0, 100) : null,
            Lifecycle = lifecycle,
            Why = doc.NonEmptyString(entries["why"].Value, "'why'").Trim(),
            Fix = doc.NonEmptyString(entries["fix"].Value, "'fix'").Trim(),
            References = entries.TryGetValue("references", out var references) ? ParseReferences(doc, references.Value) : [],
            Tags = entries.TryGetValue("tags", out var tags) ? doc.StringList(tags.Value, "'tags'") : [],
            HelpUri = entries.TryGetValue("help_uri", out var help)
                ? ParseUri(doc, help.Value)
                : pack == BuiltinPack ? $"{DocsBaseUri}{id}.md" : null,
            PassMessage = messages.Pass,
            FailMessage = messages.Fail,
            Source = source,
            Pack = pack,
            AppliesWhen = appliesReader.ConditionsUsed,
        };
        var rule = new RuleDefinition
        {
            Info = info,
            Options = options,
            Facts = facts,
            Doc = doc,
            IdNode = entries["id"].Value,
            AppliesWhenNode = appliesWhenNode,
            CheckNode = entries["check"].Value,
            DefaultChecks = (appliesWhen, check),
            Warnings = [.. appliesReader.Warnings, .. checkReader.Warnings],
        };
        return rule;
    }

    /// <summary>Checks that ids and names are unique across all loaded packs; the error points at the second one.</summary>
    public static IReadOnlyList<RuleDefinition> Combine(IEnumerable<IReadOnlyList<RuleDefinition>> packs)
    {
        var byId = new Dictionary<string, RuleDefinition>(StringComparer.Ordinal);
        var byName = new Dictionary<string, RuleDefinition>(StringComparer.Ordinal);
        var all = new List<RuleDefinition>();
        foreach (var rule in packs.SelectMany(pack => pack))
        {
            if (byId.TryGetValue(rule.Id, out var first))
            {
                throw rule.Doc.Error(rule.IdNode, $"duplicate rule id {rule.Id}: already defined in {first.Info.Source}");
            }

            if (byName.TryGetValue(rule.Info.Name, out var sameName))
            {
                throw rule.Doc.Error(rule.IdNode, $"duplicate rule name '{rule.Info.Name}': already used by {sameName.Info.Id} in {sameName.Info.Source}");
            }

            byId[rule.Id] = rule;
            byName[rule.Info.Name] = rule;
            all.Add(rule);
        }

        return all;
    }

    private static void CheckFolderName(YamlDoc doc, YamlNode idNode, string source, string id, string name)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(source.Replace('\\', '/')) ?? "");
        if (FolderPattern().IsMatch(folder) && folder != $"{id}-{name}")
        {
            throw doc.Error(idNode, $"the rule's folder is '{folder}' but its id and name say '{id}-{name}'; rename one so they agree");
        }
    }

    private static (string? Pass, string? Fail) ParseMessages(YamlDoc doc, YamlNode node)
    {
        var entries = doc.Entries(doc.Mapping(node, "'messages'"), "'messages'", ["pass", "fail"]);
        return (entries.TryGetValue("pass", out var pass) ? doc.NonEmptyString(pass.Value, "'messages.pass'") : null,
            entries.TryGetValue("fail", out var fail) ? doc.NonEmptyString(fail.Value, "'messages.fail'") : null);
    }

    private static IReadOnlyList<Reference> ParseReferences(YamlDoc doc, YamlNode node)
    {
        var references = new List<Reference>();
        foreach (var item in doc.Sequence(node, "'references'").Children)
        {
            var entries = doc.Entries(doc.Mapping(item, "a reference"), "a reference", ["title", "url"]);
            if (!entries.ContainsKey("title") || !entries.ContainsKey("url"))
            {
                throw doc.Error(item, "a reference needs 'title' and 'url'");
            }

            references.Add(new Reference(doc.NonEmptyString(entries["title"].Value, "'title'"), ParseUri(doc, entries["url"].Value)));
        }

        return references;
    }

    private static string ParseUri(YamlDoc doc, YamlNode node)
    {
        var text = doc.NonEmptyString(node, "a url");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? text
            : throw doc.Error(node, $"'{text}' is not an absolute http(s) URL");
    }

    [GeneratedRegex("^[A-Z]+[0-9]{3}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex CategoryPattern();

    /// <summary>The names of options, named conditions and file sets.</summary>
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    internal static partial Regex SnakeCase();

    [GeneratedRegex("^[A-Z]+[0-9]{3}-")]
    private static partial Regex FolderPattern();
}
