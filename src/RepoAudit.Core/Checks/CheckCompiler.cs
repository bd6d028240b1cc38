using RepoAudit.Core.Checks.Primitives;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Turns a check's YAML into an <see cref="ICheck"/>. This table is the one list of primitives: adding a primitive is
/// one class with a static Parse plus one entry here, with the spec that the JSON Schema and the reference are
/// generated from.
/// </summary>
public static class CheckCompiler
{
    private static readonly GlobsSpec Files = new("The files to look at: globs relative to the audited folder, or @file_set.");
    private static readonly GlobsSpec Exclude = new("Files to leave out, as globs or @file_set.");
    private static readonly NumberSpec MinFiles = new("How many files must match (default 1).", 1, 100_000);
    private static readonly GlobsSpec CodeFiles = new("The files to look at (default: the code files, .py .ipynb .R .Rmd .qmd .jl .scala).");
    private static readonly OneOfSpec ArgumentValue = new("present (default), absent (not passed), not none, > N, >= N, < N, <= N, == x, != x, or matches: REGEX.",
        new TextSpec("A condition on the value.", "value condition"),
        new MappingSpec("A regex the value must match.", new ArgumentSpec("matches", new TextSpec("A regex.", "regex"), true)));

    private static readonly MappingSpec KeywordArgument = new("A keyword argument and a condition on its value (absent: the call must not pass it).",
        new ArgumentSpec("name", new TextSpec("The keyword."), true), new ArgumentSpec("value", ArgumentValue));

    private static readonly (PrimitiveSpec Spec, Func<CheckReader, YamlNode, ICheck> Parse)[] Table =
    [
        (new("all", "Holds when every check holds; a failing check decides before an unknown or broken one, and its evidence leads. Asked of one file (inside each_file), write the gates first and the point last (training code, then a tracker): a pass leads with what the last check found.",
            new CheckSpec("The checks.", List: true)), AllCheck.Parse),
        (new("any", "Holds when one check holds; its evidence comes first. Fails only when every check fails.",
            new CheckSpec("The checks.", List: true)), AnyCheck.Parse),
        (new("not", "Inverts holds and does-not-hold; unknown and error pass through.", new CheckSpec("The check to invert.")), NotCheck.Parse),
        (new("unknown_if", "Says \"cannot tell\" (with the reason) when its check holds, and does not hold otherwise: the last branch of an any.",
            new MappingSpec("", new ArgumentSpec("check", new CheckSpec("What RepoAudit cannot see through."), true),
                new ArgumentSpec("reason", new TextSpec("Why the outcome is unknown."), true))), UnknownIfCheck.Parse),
        (new("condition", "Holds when the named condition holds; evaluated once per scan (and per file inside each_file).",
            new TextSpec("The name of a condition defined in a pack's _facts/ folder.", "condition name")), ConditionCheck.Parse),
        (new("entry_point", "Inside each_file with follow_imports, asks its check of the program's entry point alone, not of the modules it imports; elsewhere, of the scope as it is.",
            new CheckSpec("The check asked of the entry point.")), EntryPointCheck.Parse),
        (new("each_file", "Asks its check of each matching file on its own, as if the repository held only that file; holds when at least min_files files satisfy it. A failure lists the entry points that fell short; without entry or min_share every file is asked, so it names what it looked at instead.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("check", new CheckSpec("The check asked of each file."), true),
                new ArgumentSpec("entry", new CheckSpec("A check asked of the file alone, before its imports are followed: only the files that satisfy it are asked the main check (a runnable script, say, whose program then must train).")),
                new ArgumentSpec("follow_imports", new BooleanSpec(
                    $"Ask the check of the file together with the project's Python modules it imports, followed up to {ProgramFiles.MaxDepth} imports deep ({ProgramFiles.MaxFiles} files at most): the whole program, not the entry point alone (default false).")),
                new ArgumentSpec("min_share", new NumberSpec("Instead of min_files: the share of the entry points (files that pass entry, or every file) that must satisfy the check; holds when there is none.", 0, 1, Whole: false)))), EachFileCheck.Parse),
        (new("exists", "Holds when a file (or, for a glob ending in '/', a folder) matches any glob.", new GlobsSpec("The globs.")), ExistsCheck.Parse),
        (new("referenced", "Holds when at least min_files of the files are named by their path (from the root or from the naming file's folder), or with as: module by the Python module a program runs, in one of the 'in' files, on a line matching 'line' when given; the 'in' files are read repository-wide.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("in", new GlobsSpec("Where the names are looked for: READMEs, shell scripts, Makefiles, workflows."), true),
                new ArgumentSpec("line", new TextSpec("A regex the naming line must match (a command line, say).", "regex")),
                new ArgumentSpec("as", new ChoiceSpec("How a file is named: by its path (default), or, for a Python file, by its dotted module as an entry point calls into it (pkg.cli:main) or python -m runs it.", "path", "module")))), ReferencedCheck.Parse),
        (new("contains", "Holds when at least min_files of the matching files contain the pattern. In code files it matches code (not comments or docstrings) unless `in` says otherwise; notebooks are searched in their code cells.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("pattern", new TextSpec("A .NET regular expression, multiline; write a long one in (?x) form with comments.", "regex"), true),
                new ArgumentSpec("in", new ChoiceSpec("Which part of a code file to search (default code).", "code", "strings", "comments", "all")))), ContainsCheck.Parse),
        (new("links", "Holds when at least min_files of the files name a web address matching the pattern: in a code file inside a string literal, elsewhere anywhere. With own: true, only addresses under the project's own account (on GitHub, GitLab, Bitbucket or the Hugging Face Hub, the owner of the origin remote): its own releases, not what it downloads from others.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("pattern", new TextSpec("A regex the whole address is searched with.", "regex"), true),
                new ArgumentSpec("own", new BooleanSpec("Only addresses under the account that owns the repository's origin remote (default false); without an origin remote none is.")))), LinksCheck.Parse),
        (new("imports", "Holds when a code file imports one of the modules or a submodule of one; with third_party: true, when a Python file imports a module that is neither the standard library nor the repository's own.",
            new MappingSpec("", new ArgumentSpec("files", CodeFiles), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("modules", new GlobsSpec("Module names, dotted (torch, sklearn.metrics); required unless third_party is set.")),
                new ArgumentSpec("third_party", new BooleanSpec("Any module from outside the standard library and the repository (instead of modules)")))), ImportsCheck.Parse),
        (new("calls", "Holds when a code file calls a function whose dotted name (as written, or resolved through the file's imports) matches; * is one segment, ** any number.",
            new MappingSpec("", new ArgumentSpec("files", CodeFiles), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("name", new GlobsSpec("Dotted name patterns (torch.manual_seed, **.fit)."), true),
                new ArgumentSpec("keyword", new OneOfSpec("A keyword argument the call must pass, and a condition on its value; or a list of them, all passed by the same call.",
                    KeywordArgument, new ItemsSpec("Keyword arguments the same call must all pass.", KeywordArgument))),
                new ArgumentSpec("argument", new MappingSpec("A positional argument the call must pass (or bind by name), and a condition on its value.",
                    new ArgumentSpec("position", new NumberSpec("Which positional argument, from 1.", 1, Code.StructureReader.MaxArguments), true),
                    new ArgumentSpec("name", new TextSpec("The parameter's name, when a caller may pass it as a keyword instead (seed).")),
                    new ArgumentSpec("value", ArgumentValue))),
                new ArgumentSpec("any_argument", new MappingSpec("Some argument, positional or keyword, whose value meets the condition.",
                    new ArgumentSpec("value", ArgumentValue, true))))), CallsCheck.Parse),
        (new("make_runs", "Holds when a file (a CI configuration) runs make and a target it asks for, or one that target depends on (prerequisites, $(MAKE) calls), has a recipe line matching the pattern. Makefiles are read, never run.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("command", new TextSpec("A regex that finds the make commands; its group (?<args>...) holds make's arguments (-C, -f, VAR=value, flags and targets).", "regex"), true),
                new ArgumentSpec("pattern", new TextSpec("A regex a recipe line must match.", "regex"), true))), MakeRunsCheck.Parse),
        (new("yaml", "Holds when a YAML file has the key path (dot-separated, * for any key, a|b for either), optionally with a value matching the pattern.", Structured("YAML")),
            (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Yaml)),
        (new("json", "Holds when a JSON file has the key path, optionally with a value matching the pattern.", Structured("JSON")),
            (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Json)),
        (new("toml", "Holds when a TOML file has the key path, optionally with a value matching the pattern.", Structured("TOML")),
            (reader, node) => StructuredCheck.Parse(reader, node, StructuredFormat.Toml)),
        (new("config_keys", "Holds when a YAML, JSON, TOML or INI-style (.cfg, .ini) file holds at least min_keys distinct keys (at any depth) matching the regex: a configuration file recognised by what it holds. A key whose value is \"auto\" (left to the trainer's arguments) does not count.",
            new MappingSpec("", new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("min_files", MinFiles),
                new ArgumentSpec("keys", new TextSpec("A regex a key must match in full or in part (learning_rate|batch_size|...); it sees keys lower-cased, with camelCase split (learningRate as learning_rate).", "regex"), true),
                new ArgumentSpec("min_keys", new NumberSpec("How many distinct matching keys (default 3).", 1, 1000)))), ConfigKeysCheck.Parse),
        (new("notebooks", "Holds when every committed notebook is clean: outputs stripped and/or cells run in order (or nbstripout enforces it).",
            new MappingSpec("", new ArgumentSpec("outputs", new ChoiceSpec("stripped: no stored outputs; any: outputs allowed.", "stripped", "any")),
                new ArgumentSpec("ordered", new BooleanSpec("Execution counts must increase in document order.")),
                new ArgumentSpec("nbstripout_counts", new BooleanSpec("nbstripout in .gitattributes or pre-commit counts as clean (default true).")))), NotebooksCheck.Parse),
        (new("dependencies", "Holds when dependencies are declared in a standard manifest, or (pinned: all) locked or pinned exactly.",
            new MappingSpec("", new ArgumentSpec("declared", new BooleanSpec("A manifest declares dependencies.")),
                new ArgumentSpec("pinned", new ChoiceSpec("Every requirement pinned exactly, or a lock file.", "all")))), DependenciesCheck.Parse),
        (new("gitignored", "Holds when every listed path that exists, or that the code writes, is ignored by .gitignore and not tracked.",
            new ItemsSpec("The paths.", new OneOfSpec("A path with what writes it, or the locations the code names.", new MappingSpec("A path with what writes it.",
                new ArgumentSpec("path", new GlobsSpec("A path or glob; without written_by, a list of them."), true),
                new ArgumentSpec("package_data", new ChoiceSpec("'allowed': tracked files inside a Python package's folders (with __init__.py at or above them), or in an R package's data/, inst/ or tests/, are data it ships, not artefacts (default counts).", "allowed", "counts")),
                new ArgumentSpec("written_by", new MappingSpec("The path is expected when these files exist (and contain the pattern).",
                    new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", new GlobsSpec("Files that do not count as writers (test suites write to temporary folders), as globs or @file_set.")),
                    new ArgumentSpec("pattern", new TextSpec("A regex.", "regex")),
                    new ArgumentSpec("imported", new BooleanSpec("Only Python modules that get imported write it (__pycache__/): a package's modules, modules another file imports, and pytest's test modules.")))),
                new ArgumentSpec("beside_writer", new BooleanSpec("The path is expected beside each writing file, not at the root."))),
                new MappingSpec("The locations the code names.", new ArgumentSpec("written_to", new MappingSpec("Each plain relative path the pattern's (?<path>...) group captures in these files' code is a location written there.",
                    new ArgumentSpec("files", Files, true), new ArgumentSpec("exclude", Exclude),
                    new ArgumentSpec("pattern", new TextSpec("A regex with a (?<path>...) group.", "regex"), true)), true))),
                new TextSpec("A path or glob.", "glob"))), GitignoredCheck.Parse),
        (new("history_blobs", "HISTORY: holds when no blob reachable from HEAD is over max_size, and none matching a limit's files is over that limit's max_size.",
            new MappingSpec("", new ArgumentSpec("max_size", new TextSpec("A size such as 10MB, for every blob.", "size"), true),
                new ArgumentSpec("limits", new ItemsSpec("Lower limits for some files, such as data and model formats; a path under several gets the lowest.",
                    new MappingSpec("Files and their limit.", new ArgumentSpec("files", Files, true),
                        new ArgumentSpec("max_size", new TextSpec("The size above which these files count (1KB or more leaves Git LFS pointers out).", "size"), true)))),
                new ArgumentSpec("binary_globs", new GlobsSpec("Shorthand for one limit: these files ...")),
                new ArgumentSpec("binary_max_size", new TextSpec("... count above this size (default 0).", "size")))), HistoryBlobsCheck.Parse),
        (new("history_secrets", "HISTORY: holds when no text blob reachable from HEAD holds a credential.",
            new MappingSpec("",
                new ArgumentSpec("patterns", new ItemsSpec("Secret patterns.", new MappingSpec("A named pattern.",
                    new ArgumentSpec("id", new TextSpec("The kind of secret."), true), new ArgumentSpec("regex", new TextSpec("A regex.", "regex"), true),
                    new ArgumentSpec("min_entropy", new NumberSpec("Shannon entropy the match must reach.", 0, 8, Whole: false)),
                    new ArgumentSpec("keywords", new GlobsSpec("Strings one of which every match contains (as in gitleaks); the regex runs only near them.")),
                    new ArgumentSpec("lines_after", new NumberSpec("How many lines after a keyword's line the regex reads (default 1).", 0, 1000))), new TextSpec("A regex.", "regex"))),
                new ArgumentSpec("files", new ItemsSpec("Files that are secrets by their path.", new MappingSpec("A secret file.",
                    new ArgumentSpec("glob", Files, true), new ArgumentSpec("exclude", Exclude), new ArgumentSpec("pattern", new TextSpec("A regex its content must match.", "regex"))),
                    new TextSpec("A glob.", "glob"))),
                new ArgumentSpec("allow", new GlobsSpec("Regexes of values that are placeholders, not secrets.")),
                new ArgumentSpec("max_size", new TextSpec("Blobs larger than this are not scanned.", "size")),
                new ArgumentSpec("exclude", Exclude))), HistorySecretsCheck.Parse),
        (new("history_cochange", "HISTORY: holds when at least min_share of the recent commits that change code also change tests.",
            new MappingSpec("", new ArgumentSpec("code", Files, true), new ArgumentSpec("tests", Files, true),
                new ArgumentSpec("commits", new NumberSpec("How many recent code-changing commits to look at (default 200).", 1, 1_000_000)),
                new ArgumentSpec("min_share", new NumberSpec("The share that must also touch tests (default 0.1).", 0, 1, Whole: false)))), HistoryCochangeCheck.Parse),
    ];

    private static readonly Dictionary<string, Func<CheckReader, YamlNode, ICheck>> Primitives =
        Table.ToDictionary(entry => entry.Spec.Name, entry => entry.Parse, StringComparer.Ordinal);

    /// <summary>Every primitive with its description, for the JSON Schema and the generated reference.</summary>
    public static IReadOnlyList<PrimitiveSpec> Specs { get; } = Table.Select(entry => entry.Spec).ToArray();

    private static MappingSpec Structured(string format) => new("",
        new ArgumentSpec("files", Files, true),
        new ArgumentSpec("path", new TextSpec($"A dot-separated key path in the {format} document; * matches any key, a|b either key, [*] any list item.", "key path"), true),
        new ArgumentSpec("pattern", new TextSpec("A regex the value must match.", "regex")));

    public static IReadOnlyCollection<string> PrimitiveNames => Primitives.Keys;

    /// <summary>Compiles one check node: a mapping with exactly one key, the primitive's name.</summary>
    public static ICheck Compile(CheckReader reader, YamlNode node)
    {
        var mapping = reader.Doc.Mapping(node, "a check");
        if (mapping.Children.Count != 1)
        {
            throw reader.Error(node, $"a check must have exactly one key, the primitive ({string.Join(", ", Primitives.Keys)}); found {mapping.Children.Count}");
        }

        var (keyNode, valueNode) = mapping.Children.Single();
        var name = reader.Doc.Scalar(keyNode, "the check primitive");
        if (!Primitives.TryGetValue(name, out var parse))
        {
            throw reader.Error(keyNode, $"unknown check primitive '{name}'; expected one of: {string.Join(", ", Primitives.Keys)}");
        }

        return parse(reader, valueNode);
    }

    /// <summary>Compiles each item of a list of checks (for all/any).</summary>
    public static IReadOnlyList<ICheck> CompileList(CheckReader reader, YamlNode node, string primitive)
    {
        var sequence = reader.Doc.Sequence(node, $"'{primitive}'");
        if (sequence.Children.Count == 0)
        {
            throw reader.Error(node, $"'{primitive}' needs at least one check");
        }

        return sequence.Children.Select(child => Compile(reader, child)).ToArray();
    }
}
