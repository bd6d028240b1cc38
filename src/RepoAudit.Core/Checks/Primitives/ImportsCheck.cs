using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `imports: { files?, exclude?, modules, min_files? }` holds when at least min_files files import one of the modules
/// or a submodule of one (`torch` matches `import torch.nn`; `sklearn.metrics` matches
/// `from sklearn.metrics import f1_score` and `from sklearn import metrics`). R's library()/require()/
/// requireNamespace() and pkg::f uses, and Julia's using/import, are imports. Default files: the code files.
/// </summary>
public sealed class ImportsCheck(FileScope scope, IReadOnlyList<string> modules) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "imports", [.. FileScope.ArgumentNames, "modules"], ["modules"]);
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
        scope.Search(context, this, $"no import of {EvidenceList.Some(modules)}", path =>
        {
            var views = context.Snapshot.Code(path, out var problem);
            return views is null ? (null, problem) : (FirstImport(path, views), null);
        });

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
