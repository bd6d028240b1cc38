using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `imports: { files?, exclude?, modules, min_files? }` holds when at least min_files files import one of the modules
/// or a submodule of one (`torch` matches `import torch.nn`; `sklearn.metrics` matches
/// `from sklearn.metrics import f1_score` and `from sklearn import metrics`). R's library()/require()/
/// requireNamespace() and pkg::f uses, and Julia's using/import, are imports. Default files: the code files.
/// <para>
/// `imports: { files?, exclude?, third_party: true }` instead holds when a Python file imports a module that is neither
/// the standard library (<see cref="PythonStdlib"/>) nor the repository's own (a relative import, or a top-level name
/// that is a folder or a `.py` file of the repository): a dependency someone has to install.
/// </para>
/// </summary>
public sealed class ImportsCheck(FileScope scope, IReadOnlyList<string> modules, bool thirdParty = false) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "imports", [.. FileScope.ArgumentNames, "modules", "third_party"], []);
        var thirdParty = args.TryGetValue("third_party", out var third) && reader.Boolean(third.Value, "'imports.third_party'");
        if (thirdParty == args.ContainsKey("modules"))
        {
            throw reader.Error(node, "'imports' needs 'modules' (a list of module names) or 'third_party: true', not both");
        }

        if (thirdParty)
        {
            return new ImportsCheck(FileScope.Read(reader, args, "imports", ["**/*.py", "**/*.ipynb"]), [], thirdParty: true);
        }

        var modules = reader.StringList(args["modules"].Value, "'imports.modules'");
        foreach (var module in modules)
        {
            if (module.Length == 0 || module.Split('.').Any(segment => segment.Length == 0 || segment.Any(char.IsWhiteSpace)))
            {
                throw reader.Error(args["modules"].Value, $"'imports.modules': '{module}' is not a module name such as 'torch' or 'sklearn.metrics'");
            }
        }

        return new ImportsCheck(FileScope.Read(reader, args, "imports", CodeLanguages.FileGlobs), modules);
    }

    public CheckResult Evaluate(CheckContext context) =>
        thirdParty ? ThirdParty(context) : scope.Search(context, this, $"no import of {EvidenceList.Some(modules)}", path =>
        {
            var views = context.Snapshot.Code(path, out var problem);
            return views is null ? (null, problem) : (FirstImport(path, views), null);
        });

    private CheckResult ThirdParty(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var candidates = scope.Candidates(context);
        // The names the repository's own modules go by: its .py files and its folders (packages, namespace packages).
        var own = snapshot.Files.Where(file => file.EndsWith(".py", StringComparison.Ordinal)).Select(file => Path.GetFileNameWithoutExtension(file))
            .Concat(snapshot.Folders.Select(folder => folder[(folder.LastIndexOf('/') + 1)..]))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var path in candidates)
        {
            // What the file imports from outside the standard library depends on the file alone and is kept by its
            // content; whether that is the repository's own depends on the other files, so it is decided here.
            foreach (var (module, evidence) in context.FileFact(this, path, file => OutsideStdlib(snapshot, file)))
            {
                if (!own.Contains(module))
                {
                    return CheckResult.Holds($"{path} imports {module}, which is not in the standard library", [evidence]);
                }
            }
        }

        return CheckResult.Fails(candidates.Count == 0
            ? $"no files match {EvidenceList.Some(scope.Files)}"
            : $"{EvidenceList.Plural(candidates.Count, "file")} import only the standard library and the repository's own modules");
    }

    /// <summary>The top-level modules a Python file imports that are not the standard library, with where.</summary>
    private static IReadOnlyList<(string Module, Evidence Where)> OutsideStdlib(RepositorySnapshot snapshot, string path)
    {
        if (CodeLanguages.Of(path) is not CodeLanguage.Python || snapshot.Code(path, out _) is not { } views)
        {
            return [];
        }

        return views.SelectMany(view => view.Imports
                .Where(import => !import.Module.StartsWith('.'))
                .Select(import => (Module: import.Module.Split('.')[0], Where: FileScope.At(path, view.Cell, import.Line, import.Text))))
            .Where(found => found.Module.Length > 0 && !PythonStdlib.Contains(found.Module))
            .ToArray();
    }

    private Evidence? FirstImport(string path, IReadOnlyList<CodeView> views)
    {
        foreach (var view in views)
        {
            if (view.Imports.FirstOrDefault(import => modules.Any(import.Covers)) is { } hit)
            {
                return FileScope.At(path, view.Cell, hit.Line, hit.Text);
            }
        }

        return null;
    }
}
