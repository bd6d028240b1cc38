using RepoAudit.Core.Checks;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Rules;

/// <summary>
/// Reads a pack's `_facts/*.yml`: named file sets and named conditions, each written once and referred to by name
/// from rules (`files: "@code_files"`, `condition: training_code`). The file sets of every file are read before any
/// condition, so a condition may use any file set, and the conditions defined before it (files in name order).
/// Problems name file, line and column, like every other rule-pack error.
/// </summary>
public static class FactsParser
{
    /// <summary>Adds the named file sets, then the named conditions, of fact files (in order) to a library.</summary>
    public static FactLibrary Load(FactLibrary library, IEnumerable<(string Source, string Text)> files)
    {
        var facts = files.Select(file => (file.Text, Entries: Read(file.Source, file.Text))).ToArray();
        library = facts.Aggregate(library, (current, file) => AddFileSets(file.Entries, current).ReadFrom(file.Text));
        return facts.Aggregate(library, (current, file) => AddConditions(file.Entries, current));
    }

    /// <summary>Adds one fact file's file sets and conditions to a library.</summary>
    public static FactLibrary Parse(string source, string text, FactLibrary library)
    {
        var entries = Read(source, text);
        return AddConditions(entries, AddFileSets(entries, library));
    }

    /// <summary>A fact file's two sections, or nothing for an empty file.</summary>
    private sealed record FactEntries(YamlDoc Doc, string Source, IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> Sections);

    private static FactEntries? Read(string source, string text)
    {
        var (doc, root) = YamlDoc.Parse(source, text);
        return root is null
            ? null
            : new FactEntries(doc, source, doc.Entries(doc.Mapping(root, "a file of shared facts"), "a file of shared facts", ["file_sets", "conditions"]));
    }

    private static FactLibrary AddFileSets(FactEntries? entries, FactLibrary library)
    {
        if (entries is not ({ } doc, var source, var sections) || !sections.TryGetValue("file_sets", out var fileSetEntries))
        {
            return library;
        }

        foreach (var (key, value) in doc.Mapping(fileSetEntries.Value, "'file_sets'").Children)
        {
            var name = Name(doc, key, "a file set");
            var fields = doc.Entries(doc.Mapping(value, $"the file set '{name}'"), $"the file set '{name}'", ["description", "files"]);
            Require(doc, value, fields, name, "description", "files");
            var reader = new CheckReader(doc, new Dictionary<string, OptionValue>(), library);
            var fileSet = new FileSet(name, doc.NonEmptyString(fields["description"].Value, "'description'").Trim(),
                reader.Globs(fields["files"].Value, $"the globs of '{name}'"), source);
            library = library.With(fileSet, doc, key);
        }

        return library;
    }

    private static FactLibrary AddConditions(FactEntries? entries, FactLibrary library)
    {
        if (entries is not ({ } doc, var source, var sections) || !sections.TryGetValue("conditions", out var conditionEntries))
        {
            return library;
        }

        foreach (var (key, value) in doc.Mapping(conditionEntries.Value, "'conditions'").Children)
        {
            var name = Name(doc, key, "a condition");
            var fields = doc.Entries(doc.Mapping(value, $"the condition '{name}'"), $"the condition '{name}'", ["title", "description", "scope", "check"]);
            Require(doc, value, fields, name, "title", "description", "check");
            var scope = fields.TryGetValue("scope", out var scopeEntry) ? doc.NonEmptyString(scopeEntry.Value, "'scope'") : "file";
            if (scope is not ("file" or "repository"))
            {
                throw doc.Error(scopeEntry.Value, $"'scope' is file (the default: inside each_file the condition asks of that file) or repository, found '{scope}'");
            }

            var reader = new CheckReader(doc, new Dictionary<string, OptionValue>(), library);
            var condition = new NamedCondition(name,
                doc.NonEmptyString(fields["title"].Value, "'title'").Trim(),
                doc.NonEmptyString(fields["description"].Value, "'description'").Trim(),
                CheckCompiler.Compile(reader, fields["check"].Value),
                source,
                scope == "repository");
            library = library.With(condition, doc, key);
        }

        return library;
    }

    private static string Name(YamlDoc doc, YamlNode key, string what)
    {
        var name = doc.NonEmptyString(key, $"the name of {what}");
        return RuleLoader.SnakeCase().IsMatch(name)
            ? name
            : throw doc.Error(key, $"the name of {what} is snake_case (like training_code), found '{name}'");
    }

    private static void Require(YamlDoc doc, YamlNode node,
        IReadOnlyDictionary<string, (YamlNode Key, YamlNode Value)> fields, string name, params string[] keys)
    {
        foreach (var key in keys.Where(key => !fields.ContainsKey(key)))
        {
            throw doc.Error(node, $"'{name}' needs '{key}'");
        }
    }
}
