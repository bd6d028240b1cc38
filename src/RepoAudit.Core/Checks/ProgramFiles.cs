using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Checks;

/// <summary>
/// A program as the files it is made of: an entry point and the project's own Python modules it imports, followed
/// through their imports in turn. A training script that gets its data from `data/loaders.py` is one program with that
/// module, so a question about the program ("does it load a published dataset?") is asked of both files. Only modules
/// that resolve to files of the repository count; installed packages are not followed. The walk is bounded.
/// <para>
/// One instance serves a snapshot for the whole scan (see <see cref="CheckContext"/>): several rules ask for the same
/// programs, and the programs of a project's entry points share most of their modules, so each file's imports are
/// resolved once and each program is walked once.
/// </para>
/// </summary>
public sealed partial class ProgramFiles(RepositorySnapshot snapshot)
{
    /// <summary>How many files one program may span; a walk stops there (a package importing itself all over).</summary>
    public const int MaxFiles = 64;

    /// <summary>How many imports deep the walk follows from the entry point.</summary>
    public const int MaxDepth = 4;

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _programs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string[]> _importedBy = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? _imported;
    private ILookup<string, string>? _pythonFilesByFolder;

    /// <summary>The entry point first, then the modules it reaches, breadth first.</summary>
    public IReadOnlyList<string> Of(string entryPoint) => _programs.GetOrAdd(entryPoint, Walk);

    private List<string> Walk(string entryPoint)
    {
        var files = new List<string> { entryPoint };
        var seen = new HashSet<string>(StringComparer.Ordinal) { entryPoint };
        var frontier = new List<string> { entryPoint };
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0 && files.Count < MaxFiles; depth++)
        {
            var next = new List<string>();
            foreach (var path in frontier)
            {
                foreach (var module in ImportedBy(path))
                {
                    if (files.Count >= MaxFiles)
                    {
                        return files;
                    }

                    if (seen.Add(module))
                    {
                        files.Add(module);
                        next.Add(module);
                    }
                }
            }

            frontier = next;
        }

        return files;
    }

    /// <summary>
    /// The Python files that get imported, and so compiled into `__pycache__/`: the modules of a package (a folder with
    /// an `__init__.py`), the files another file's imports resolve to, and pytest's test modules and conftest files
    /// (pytest imports them). A script that is only run, never imported, is none of these.
    /// </summary>
    public IReadOnlySet<string> Imported => LazyInitializer.EnsureInitialized(ref _imported, FindImported);

    private HashSet<string> FindImported()
    {
        var imported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in snapshot.Files)
        {
            var isPython = path.EndsWith(".py", StringComparison.Ordinal);
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (isPython && (snapshot.Contains(Join(FolderOf(path), "__init__.py")) || IsPytestModule(name)))
            {
                imported.Add(path);
            }

            if (isPython || RepositorySnapshot.IsNotebook(path))
            {
                imported.UnionWith(ImportedBy(path));
            }
        }

        return imported;

        static string Join(string folder, string name) => folder.Length == 0 ? name : $"{folder}/{name}";
    }

    // pytest's default python_files (test_*.py, *_test.py) and its conftest.py
    private static bool IsPytestModule(string name) =>
        name == "conftest.py" || name.StartsWith("test_", StringComparison.Ordinal) || name.EndsWith("_test.py", StringComparison.Ordinal);

    /// <summary>
    /// The repository files that the file's Python imports resolve to (notebook cells are Python too), in the order of
    /// its imports, resolved once per file.
    /// </summary>
    private string[] ImportedBy(string path) => _importedBy.GetOrAdd(path, file => [.. ImportedModules(file)]);

    /// <summary>The Python files of each folder, made once: a package of many registries looks up its folder, not the tree.</summary>
    private ILookup<string, string> PythonFilesByFolder => LazyInitializer.EnsureInitialized(ref _pythonFilesByFolder,
        () => snapshot.Files.Where(file => file.EndsWith(".py", StringComparison.Ordinal)).ToLookup(FolderOf, StringComparer.Ordinal));

    private IEnumerable<string> ImportedModules(string path)
    {
        if (CodeLanguages.Of(path) is not CodeLanguage.Python || snapshot.Code(path, out _) is not { } views)
        {
            yield break;
        }

        var folder = FolderOf(path);
        foreach (var import in views.SelectMany(view => view.Imports))
        {
            // `from a.b import c` may import the module a.b.c or the name c of a.b: both are tried.
            var modules = import.Names.Select(name => Join(import.Module, name)).Append(import.Module);
            foreach (var module in modules)
            {
                if (Resolve(snapshot, folder, module) is { } file && file != path)
                {
                    yield return file;
                }
            }
        }

        // `importlib.import_module("pkg.models.unet")` imports that module. A package that imports its own modules by a
        // computed name (a registry filled by `import_module(f"pkg.models.{name}")` over the files of its folder)
        // imports every module beside it.
        var computed = false;
        foreach (var call in views.SelectMany(view => view.Calls))
        {
            if (call.Resolved != "importlib.import_module" || call.Arguments.FirstOrDefault(argument => argument.Keyword is null) is not { } module)
            {
                continue;
            }

            if (PlainModuleName().Match(module.Value) is { Success: true } plain)
            {
                if (Resolve(snapshot, folder, plain.Groups["name"].Value) is { } file && file != path)
                {
                    yield return file;
                }
            }
            else
            {
                computed = true;
            }
        }

        if (computed && path.EndsWith("__init__.py", StringComparison.Ordinal))
        {
            foreach (var file in PythonFilesByFolder[folder])
            {
                if (file != path)
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>A module named by a plain string literal (`"pkg.models.unet"`), not one built from a variable.</summary>
    [GeneratedRegex(@"^(?<q>[""'])(?<name>[\w.]+)\k<q>$")]
    private static partial Regex PlainModuleName();

    private static string Join(string module, string name) =>
        module.EndsWith('.') ? module + name : $"{module}.{name}";

    /// <summary>
    /// Where a module lives: a relative import (`.x`, `..x`) from the importing file's package; an absolute one from
    /// the importing file's folder or any folder above it (scripts run from their own folder or from the root, and a
    /// `src/` layout puts packages one level down), as `a/b.py` or `a/b/__init__.py`.
    /// </summary>
    private static string? Resolve(RepositorySnapshot snapshot, string folder, string module)
    {
        var dots = module.TakeWhile(c => c == '.').Count();
        var segments = module[dots..].Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(segment => segment is "*"))
        {
            return null;
        }

        var relative = string.Join('/', segments);
        if (dots > 0)
        {
            // One dot is the importing file's own package; each further dot goes one folder up.
            string? package = folder;
            for (var up = 1; up < dots && package is not null; up++)
            {
                package = Above(package);
            }

            return package is null ? null : FileOf(snapshot, package, relative);
        }

        for (string? baseFolder = folder; baseFolder is not null; baseFolder = Above(baseFolder))
        {
            if (FileOf(snapshot, baseFolder, relative) is { } file)
            {
                return file;
            }
        }

        return FileOf(snapshot, "src", relative);
    }

    private static string? FileOf(RepositorySnapshot snapshot, string baseFolder, string relative)
    {
        var stem = baseFolder.Length == 0 ? relative : $"{baseFolder}/{relative}";
        return snapshot.Contains(stem + ".py") ? stem + ".py"
            : snapshot.Contains(stem + "/__init__.py") ? stem + "/__init__.py"
            : null;
    }

    /// <summary>The folder holding a file ("" for the root).</summary>
    private static string FolderOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";

    /// <summary>The folder above a folder ("" above a top-level folder), or null above the root.</summary>
    private static string? Above(string folder) => folder.Length == 0 ? null : FolderOf(folder);
}
