using System.Text.RegularExpressions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `gitignored: [entries]` holds when every entry that matters in this repository is covered by .gitignore and not
/// tracked. An entry is a path (`data/`), a glob (`*.ckpt`), a named file set (`@run_outputs`, each of its globs), or
/// `{ path, written_by: { files, exclude, pattern, imported },
/// beside_writer }`. It matters when it exists on disk, or when code that matches written_by is present (mlflow writes
/// mlruns/ on its own; the pattern reads code, not comments or strings). With `imported: true` only Python modules that
/// get imported write it: Python compiles a module into `__pycache__/` when it imports it, never a script it runs.
/// With `beside_writer: true` the path is judged in each writer's own folder, where the tool puts it (Jupyter writes
/// `.ipynb_checkpoints/` next to every notebook, not at the root). An entry `{ written_to: { files, exclude, pattern } }`
/// takes its paths from the code: each plain relative path that the pattern's `(?<path>...)` group captures (an output
/// option's default, a trainer's output_dir) is judged where that file's project would run it.
/// <para>
/// A tracked placeholder (an empty file such as `.gitkeep`, or the folder's own `.gitignore`) inside an ignored folder
/// keeps the folder in clones; it is not an artefact, so the folder still counts as ignored.
/// </para>
/// </summary>
public sealed partial class GitignoredCheck(IReadOnlyList<GitignoredCheck.Entry> entries) : ICheck
{
    public sealed record Entry(string Path, IReadOnlyList<string>? WriterFiles, RulePattern? WriterPattern, bool BesideWriter = false, bool ImportedWriters = false)
    {
        /// <summary>The path is the (?&lt;path&gt;...) group of each match of WriterPattern: a location the code names.</summary>
        public bool PathFromCode { get; init; }

        /// <summary>Files whose named locations do not count (test suites, a library's examples).</summary>
        public IReadOnlyList<string> WriterExclude { get; init; } = [];

        /// <summary>
        /// Tracked files inside a Python package's own folders (a folder with `__init__.py` at or above them), or in an R
        /// package's `data/`, `inst/` or `tests/`, do not count: a package ships and loads them (whisper's
        /// `assets/mel_filters.npz`, `inst/extdata/*.rds`); they are not a run's output.
        /// </summary>
        public bool PackageDataAllowed { get; init; }
    }

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var list = new List<Entry>();
        foreach (var item in reader.Doc.Sequence(node, "'gitignored'").Children)
        {
            if (item is YamlScalarNode)
            {
                // A path, a glob, or a named file set (every glob of it an entry).
                list.AddRange(reader.Globs(item, "a 'gitignored' path").Select(path => new Entry(path, null, null)));
                continue;
            }

            if (item is YamlMappingNode mapping && mapping.Children.Count == 1 && mapping.Children.ContainsKey(new YamlScalarNode("written_to")))
            {
                var target = reader.Arguments(mapping.Children[new YamlScalarNode("written_to")], "written_to", ["files", "exclude", "pattern"], ["files", "pattern"]);
                var locator = reader.Regex(target["pattern"].Value, "'written_to.pattern'");
                if (!locator.Text.Contains("(?<path>", StringComparison.Ordinal))
                {
                    throw reader.Error(target["pattern"].Value, "'written_to.pattern' needs a (?<path>...) group: the location the code names");
                }

                list.Add(new Entry("", reader.Globs(target["files"].Value, "'written_to.files'"), locator)
                {
                    PathFromCode = true,
                    WriterExclude = target.TryGetValue("exclude", out var exclude) ? reader.Globs(exclude.Value, "'written_to.exclude'") : [],
                });
                continue;
            }

            var fields = reader.Arguments(item, "gitignored item", ["path", "written_by", "beside_writer", "package_data"], ["path"]);
            var paths = reader.Globs(fields["path"].Value, "'path'");
            var path = paths[0];
            if (!fields.TryGetValue("written_by", out var writer))
            {
                var packageData = fields.TryGetValue("package_data", out var shipped) && PackageData(reader, shipped.Value);
                list.AddRange(paths.Select(each => new Entry(each, null, null) { PackageDataAllowed = packageData }));
                continue;
            }

            if (paths.Count > 1 || fields.ContainsKey("package_data"))
            {
                throw reader.Error(item, "a 'gitignored' item with 'written_by' takes one 'path' and no 'package_data'");
            }

            var writerArgs = reader.Arguments(writer.Value, "written_by", ["files", "exclude", "pattern", "imported"], ["files"]);
            list.Add(new Entry(path,
                reader.Globs(writerArgs["files"].Value, "'written_by.files'"),
                writerArgs.TryGetValue("pattern", out var pattern) ? reader.Regex(pattern.Value, "'written_by.pattern'") : null,
                fields.TryGetValue("beside_writer", out var beside) && reader.Boolean(beside.Value, "'beside_writer'"),
                writerArgs.TryGetValue("imported", out var imported) && reader.Boolean(imported.Value, "'written_by.imported'"))
            {
                WriterExclude = writerArgs.TryGetValue("exclude", out var writerExclude) ? reader.Globs(writerExclude.Value, "'written_by.exclude'") : [],
            });
        }

        if (list.Count == 0)
        {
            throw reader.Error(node, "'gitignored' needs at least one path");
        }

        return new GitignoredCheck(list);
    }

    private static bool PackageData(CheckReader reader, YamlNode node) =>
        reader.String(node, "'package_data'") switch
        {
            "allowed" => true,
            "counts" => false,
            var other => throw reader.Error(node, $"'package_data' is 'allowed' or 'counts', found '{other}'"),
        };

    public CheckResult Evaluate(CheckContext context)
    {
        var snapshot = context.Snapshot;
        var gitignore = snapshot.Gitignore;
        var covered = new List<Evidence>();
        var uncovered = new List<Evidence>();
        HashSet<string>? packageFolders = null;
        foreach (var entry in entries)
        {
            if (entry.PathFromCode)
            {
                foreach (var (writer, named) in NamedLocations(context, entry))
                {
                    // A named file that is tracked, a named folder that already holds tracked files, or one that is or
                    // holds a submodule, is the project's own (a sample input, sources, data it ships, another
                    // repository it pins); what is committed there is for GIT002 and DATA003 to judge.
                    if (snapshot.Files.Any(file => (file == named || file.StartsWith(named + "/", StringComparison.Ordinal)) && snapshot.IsTracked(file)) ||
                        snapshot.Submodules.Any(submodule => submodule == named || submodule.StartsWith(named + "/", StringComparison.Ordinal)))
                    {
                        continue;
                    }

                    var isFile = System.IO.Path.HasExtension(named) && !snapshot.ExistsOnDisk(named, out _);
                    Judge(isFile ? named : named + "/", WhereWritten(writer, named, !isFile), !isFile, $"written by {writer}");
                }

                continue;
            }

            var isFolder = entry.Path.EndsWith('/');
            var isGlob = entry.Path.IndexOfAny(['*', '?', '[']) >= 0;
            if (isGlob)
            {
                // Globs matter when tracked or visible files match them; those files are, by definition, not ignored.
                var visible = snapshot.MatchFiles([entry.Path]);
                if (entry.PackageDataAllowed)
                {
                    packageFolders ??= PackageFolders(snapshot);
                    visible = [.. visible.Where(file => !snapshot.IsTracked(file) || !InPackage(file, packageFolders))];
                }

                if (visible.Count > 0)
                {
                    uncovered.Add(Evidence.File(visible[0], $"{entry.Path}: {EvidenceList.Plural(visible.Count, "file")} not ignored, e.g. {visible[0]}"));
                    continue;
                }

                var sample = entry.Path.Replace("**/", "", StringComparison.Ordinal).Replace("*", "example", StringComparison.Ordinal);
                JudgeWhereWritten(entry, sample.TrimEnd('/'), isFolder: false);
                continue;
            }

            if (entry.BesideWriter)
            {
                // One judgement per folder that holds a writer: the first notebook of each folder names the reason.
                foreach (var writer in Writers(context, entry).GroupBy(FolderOf).Select(group => group.First()))
                {
                    var folder = FolderOf(writer);
                    var beside = folder.Length == 0 ? entry.Path.TrimEnd('/') : $"{folder}/{entry.Path.TrimEnd('/')}";
                    Judge(isFolder ? beside + "/" : beside, beside, isFolder, $"written by {writer}");
                }

                continue;
            }

            var path = entry.Path.TrimEnd('/');
            if (snapshot.ExistsOnDisk(path, out var onDiskIsFolder))
            {
                Judge(entry.Path, path, isFolder || onDiskIsFolder, "exists");
                continue;
            }

            JudgeWhereWritten(entry, path, isFolder);
        }

        void JudgeWhereWritten(Entry entry, string path, bool isFolder)
        {
            foreach (var writer in Writers(context, entry).GroupBy(FolderOf).Select(group => group.First()))
            {
                Judge(entry.Path, WhereWritten(writer, path, isFolder), isFolder, $"written by {writer}");
            }
        }

        // A tool writes into the folder it is run from: the root, or a project folder above the writer (a subproject
        // or a lesson run from its own folder). Covered when ignored in one of them; otherwise judged at the root.
        string WhereWritten(string writer, string path, bool isFolder) =>
            FoldersUp(FolderOf(writer))
                .Select(folder => folder.Length == 0 ? path : $"{folder}/{path}")
                .FirstOrDefault(candidate => IgnoringLine(gitignore, candidate, isFolder) is not null) ?? path;

        void Judge(string entry, string path, bool isFolder, string reason)
        {
            var trackedInside = snapshot.Files.FirstOrDefault(file => snapshot.IsTracked(file) &&
                (file == path || file.StartsWith(path + "/", StringComparison.Ordinal)) && !IsPlaceholder(snapshot, file));
            if (trackedInside is not null)
            {
                uncovered.Add(Evidence.File(trackedInside, $"{entry} ({reason}) is tracked by git"));
            }
            else if (IgnoringLine(gitignore, path, isFolder) is { } line)
            {
                covered.Add(Evidence.File(".gitignore", $"{entry} ({reason}) is ignored by '{line}'"));
            }
            else
            {
                uncovered.Add(Evidence.File(".gitignore", $"{entry} ({reason}) is not covered by .gitignore"));
            }
        }

        // Lines git cannot use never ignore anything; say so, since the author meant them to.
        var skipped = gitignore.SkippedPatterns
            .Select(s => Evidence.File(s.File, $"'{s.Text}' skipped: {s.Reason}, so it ignores nothing", s.Line))
            .ToList();
        if (uncovered.Count > 0)
        {
            var names = string.Join(", ", uncovered.Select(e => e.Detail.Split(' ')[0]).Distinct().Take(5));
            return CheckResult.Fails($"not git-ignored: {names}", EvidenceList.Capped(uncovered.Concat(skipped).Concat(covered)));
        }

        return covered.Count == 0
            ? CheckResult.Holds("none of the listed artefact locations exist or are written by the code", EvidenceList.Capped(skipped))
            : CheckResult.Holds($"{EvidenceList.Plural(covered.Count, "artefact location")} git-ignored", EvidenceList.Capped(skipped.Concat(covered)));
    }

    /// <summary>
    /// The folders whose files a package ships: those that hold an `__init__.py` (Python packages and their
    /// subpackages), and the <see cref="RPackageDataFolders"/> of an R package (a folder with a DESCRIPTION that names
    /// a package).
    /// </summary>
    private static HashSet<string> PackageFolders(RepositorySnapshot snapshot)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in snapshot.Files)
        {
            switch (System.IO.Path.GetFileName(file))
            {
                case "__init__.py":
                    folders.Add(FolderOf(file));
                    break;
                case "DESCRIPTION" when snapshot.Read(file) is { IsText: true, Text: { } text } && RPackageField().IsMatch(text):
                    var root = FolderOf(file);
                    foreach (var shipped in RPackageDataFolders)
                    {
                        folders.Add(root.Length == 0 ? shipped : $"{root}/{shipped}");
                    }

                    break;
            }
        }

        return folders;
    }

    /// <summary>
    /// An R package's folders for files it ships: datasets (data/), files installed as they are (inst/, such as
    /// inst/extdata/), and the test suite's inputs and snapshots (tests/), which R CMD check reads.
    /// </summary>
    private static readonly string[] RPackageDataFolders = ["data", "inst", "tests"];

    [GeneratedRegex(@"^Package:[ \t]*\S", RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RPackageField();

    /// <summary>Whether the file lies in a package's tree: its folder, or a folder above it, is a package.</summary>
    private static bool InPackage(string file, HashSet<string> packageFolders) =>
        FoldersUp(FolderOf(file)).Any(folder => folder.Length > 0 && packageFolders.Contains(folder));

    /// <summary>
    /// The .gitignore line that keeps a path out of git. A folder is also kept out when everything in it is ignored
    /// (`*/wandb/*`, `logs/*`): git then ignores each file the tool writes there, as if the folder itself were listed.
    /// The stand-in name matches only a wildcard, so a line for some of a folder's files (`logs/*.txt`) does not count.
    /// </summary>
    private static string? IgnoringLine(Gitignore gitignore, string path, bool isFolder) =>
        gitignore.DecidingLine(path, isFolder) ?? (isFolder ? gitignore.DecidingLine($"{path.TrimEnd('/')}/any-file", isFolder: false) : null);

    /// <summary>The files that write the entry: those matching written_by.files (and its pattern, in their code, when given).</summary>
    private static IEnumerable<string> Writers(CheckContext context, Entry entry)
    {
        if (entry.WriterFiles is null)
        {
            yield break;
        }

        var snapshot = context.Snapshot;
        var imported = entry.ImportedWriters ? context.ImportedModules : null;
        foreach (var file in WriterCandidates(snapshot, entry.WriterFiles, entry.WriterExclude))
        {
            if (imported is not null && !imported.Contains(file))
            {
                continue;
            }

            if (entry.WriterPattern is null)
            {
                yield return file;
                continue;
            }

            // as `contains` reads it: the code of a code file, so a tool named in a comment or a string writes nothing
            if (context.FileFact(entry.WriterPattern, file, path => Writes(snapshot, path, entry.WriterPattern)))
            {
                yield return file;
            }
        }
    }

    /// <summary>The files a writer list names (written_by.files or written_to.files), less those its `exclude` names.</summary>
    private static IEnumerable<string> WriterCandidates(RepositorySnapshot snapshot, IReadOnlyList<string> files, IReadOnlyList<string> exclude)
    {
        var excluded = exclude.Count == 0 ? [] : new HashSet<string>(snapshot.MatchFiles(exclude), StringComparer.Ordinal);
        return snapshot.MatchFiles(files).Where(file => !excluded.Contains(file));
    }

    /// <summary>
    /// A file kept only so that git keeps its folder: an empty file such as `.gitkeep` or `.keep`, or a `.gitignore` of
    /// the folder's own.
    /// </summary>
    private static bool IsPlaceholder(RepositorySnapshot snapshot, string file) =>
        file.EndsWith("/.gitignore", StringComparison.Ordinal) || snapshot.Read(file) is { Size: 0 };

    /// <summary>A folder and each folder above it, up to the root ("").</summary>
    private static IEnumerable<string> FoldersUp(string folder)
    {
        for (var current = folder; ; current = FolderOf(current))
        {
            yield return current;
            if (current.Length == 0)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The locations a written_to entry's files name in their code (the pattern's path group), once per location and
    /// folder of the naming file. Only a plain relative path counts: an absolute one, one that leaves the repository,
    /// or one built at run time (a placeholder, a variable, a wildcard, the home folder) names no folder of the
    /// repository that .gitignore could cover.
    /// </summary>
    private static IEnumerable<(string Writer, string Path)> NamedLocations(CheckContext context, Entry entry)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var file in WriterCandidates(context.Snapshot, entry.WriterFiles!, entry.WriterExclude))
        {
            if (ContainsCheck.Texts(context.Snapshot, file, CodeRegion.Code, out _) is not { } texts)
            {
                continue;
            }

            foreach (var text in texts)
            {
                foreach (var match in entry.WriterPattern!.Matches(text.Searched))
                {
                    if (RelativeLocation(match.Groups["path"].Value) is { } path && seen.Add((FolderOf(file), path)))
                    {
                        yield return (file, path);
                    }
                }
            }
        }
    }

    /// <summary>
    /// A plain relative path without ./ and trailing slashes, or null. A configuration file's literal for "no location"
    /// (`ckpt_path: null`, `"log_dir": None`), a flag's value (`overwrite_output_dir: true`) or a number names no folder.
    /// </summary>
    internal static string? RelativeLocation(string named)
    {
        var path = named.Trim();
        if (NotALocation().IsMatch(path))
        {
            return null;
        }

        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        path = path.TrimEnd('/');
        var runtime = path.IndexOfAny(['{', '}', '$', '%', '*', '?', '~', '<', '>', '\\', ' ', ':']) >= 0;
        return path.Length == 0 || path == "." || runtime || path.StartsWith('/') || path.Split('/').Contains("..") ? null : path;
    }

    [GeneratedRegex(@"^(?i:null|none|true|false|yes|no|[0-9.e+-]+)$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NotALocation();

    private static bool Writes(RepositorySnapshot snapshot, string path, RulePattern writer) =>
        ContainsCheck.Texts(snapshot, path, CodeRegion.Code, out _) is { } texts && texts.Any(text => writer.IsMatch(text.Searched));

    private static string FolderOf(string path) => path.LastIndexOf('/') is var slash and >= 0 ? path[..slash] : "";
}
