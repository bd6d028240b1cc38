using System.Collections.Concurrent;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;
using RepoAudit.Core.Code;
using RepoAudit.Core.Git;

namespace RepoAudit.Core.Snapshot;

/// <summary>How to take a snapshot.</summary>
public sealed record SnapshotOptions
{
    /// <summary>Globs of paths to leave out of the audit (from the config's `exclude`).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Files larger than this are not read; checks count them as skipped.</summary>
    public long MaxFileSize { get; init; } = 8L << 20;

    /// <summary>The git executable, or null to treat the folder as a plain directory.</summary>
    public GitRunner? Git { get; init; } = new();
}

/// <summary>A path the snapshot saw but did not take in, with why (a link out of the repository, an unreadable folder).</summary>
public sealed record SkippedPath(string Path, string Reason);

/// <summary>A piece of searchable text: a whole file, or one code cell of a notebook.</summary>
public sealed record TextSegment(string Text, string? Cell);

/// <summary>
/// The audited folder as the checks see it: the file list (from git, or a walk that honours .gitignore), contents read
/// lazily and at most once (large texts past a budget, again when asked), glob matches cached per glob set, and the git
/// repository around it when there is one.
/// Thread-safe: rules may be evaluated in parallel.
/// </summary>
public sealed class RepositorySnapshot
{
    private readonly Func<string, FileContent> _reader;
    private readonly HashSet<string> _tracked;
    private readonly ConcurrentDictionary<string, Lazy<FileContent>> _contents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(Notebook?, string?)>> _notebooks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(IReadOnlyList<CodeView>?, string?)>> _code = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _fileMatches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> _fileMatchSets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _folderMatches = new(StringComparer.Ordinal);
    private readonly Lazy<PathIndex> _fileIndex;
    private readonly Lazy<PathIndex> _folderIndex;
    private readonly Lazy<Gitignore> _gitignore;
    private readonly HashSet<string> _fileSet;
    private readonly bool _isWorkTree;
    private static long _workTreeCount;

    // A work tree's files have no content name, but they are read once and do not change during a scan: this
    // snapshot's own token names them, so what a check found in a file is found once even when `each_file` asks it
    // again for every program that imports the file. The token is unique to this snapshot, so nothing found here is
    // reused for another work tree, commit or repository.
    private Func<string, string?> _contentKey = WorkTreeKey();

    private static Func<string, string?> WorkTreeKey()
    {
        var token = $"work tree #{Interlocked.Increment(ref _workTreeCount)}";
        return _ => token;
    }

    private RepositorySnapshot(
        string root,
        IReadOnlyList<string> files,
        IReadOnlySet<string> tracked,
        IReadOnlyList<SkippedPath> skipped,
        Func<string, FileContent> reader,
        GitRepository? git,
        string? gitUnavailableReason,
        bool isWorkTree)
    {
        _isWorkTree = isWorkTree;
        Root = root;
        Files = files;
        _fileSet = new HashSet<string>(files, StringComparer.Ordinal);
        _tracked = new HashSet<string>(tracked, StringComparer.Ordinal);
        Skipped = skipped;
        _reader = reader;
        Git = git;
        GitUnavailableReason = gitUnavailableReason;
        Folders = DeriveFolders(files);
        _fileIndex = new Lazy<PathIndex>(() => new PathIndex(Files));
        // Folders are matched as if they were files, so "data/**/test/" can name a folder.
        _folderIndex = new Lazy<PathIndex>(() => new PathIndex(Folders));
        _gitignore = new Lazy<Gitignore>(LoadGitignore);
    }

    /// <summary>The absolute path of the audited folder.</summary>
    public string Root { get; }

    /// <summary>Every file in the audit, relative to <see cref="Root"/>, '/'-separated, sorted ordinally.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Every folder that holds at least one file of the audit.</summary>
    public IReadOnlySet<string> Folders { get; }

    public IReadOnlyList<SkippedPath> Skipped { get; }

    /// <summary>The git work tree around the audited folder, or null (see <see cref="GitUnavailableReason"/>).</summary>
    public GitRepository? Git { get; }

    public string? GitUnavailableReason { get; }

    public bool Contains(string path) => _fileSet.Contains(path);

    /// <summary>Is the file tracked by git (in the index)? Always false outside git.</summary>
    public bool IsTracked(string path) => _tracked.Contains(path);

    /// <summary>
    /// The folders git records as submodules: another repository's commit, pinned here. Their contents are never
    /// read, and they are not in <see cref="Files"/>.
    /// </summary>
    public IReadOnlySet<string> Submodules { get; private init; } = new HashSet<string>();

    public static RepositorySnapshot FromWorkTree(string folder, SnapshotOptions options) =>
        FromWorkTree(folder, options, DiscoverGit(folder, options.Git, out var whyNoGit), whyNoGit);

    /// <summary>
    /// The git work tree around <paramref name="folder"/> as a work-tree snapshot of it sees it (null, with why, when
    /// there is none or <paramref name="runner"/> is null), for a caller that needs it before taking the snapshot.
    /// </summary>
    public static GitRepository? DiscoverGit(string folder, GitRunner? runner, out string? whyNoGit)
    {
        whyNoGit = "git was not used";
        return runner is null ? null : GitRepository.Discover(runner, RootOf(folder), out whyNoGit);
    }

    /// <summary>As <see cref="FromWorkTree(string, SnapshotOptions)"/>, with the repository from <see cref="DiscoverGit"/>.</summary>
    public static RepositorySnapshot FromWorkTree(string folder, SnapshotOptions options, GitRepository? git, string? whyNoGit)
    {
        var root = RootOf(folder);
        var realRoot = RealPath(root);
        var skipped = new List<SkippedPath>();
        List<string> files;
        var tracked = new HashSet<string>(StringComparer.Ordinal);
        var submodules = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlyList<GitListedFile>? listing = null;
        if (git is not null)
        {
            try
            {
                listing = git.ListFiles();
            }
            catch (IOException ex)
            {
                // A corrupt index must not stop the audit: list the folder instead and say why.
                skipped.Add(new SkippedPath("", $"git could not list the files ({ex.Message}); the folder was walked instead"));
            }
        }

        if (listing is not null)
        {
            files = [];
            foreach (var listed in listing)
            {
                var full = Path.Combine(root, listed.Path);
                var info = new FileInfo(full);
                if (info.LinkTarget is null && !info.Exists)
                {
                    // Deleted in the work tree, or a folder: git lists a submodule as one tracked path.
                    if (listed.Tracked && Directory.Exists(full))
                    {
                        submodules.Add(listed.Path);
                    }

                    continue;
                }

                files.Add(listed.Path);
                if (listed.Tracked)
                {
                    tracked.Add(listed.Path);
                }
            }
        }
        else
        {
            files = WalkFolder(root, skipped);
        }

        if (options.Exclude.Count > 0)
        {
            var excluded = new HashSet<string>(Globs.Match(options.Exclude, files), StringComparer.Ordinal);
            files = files.Where(file => !excluded.Contains(file)).ToList();
        }

        files.Sort(StringComparer.Ordinal);
        var unfollowedLinks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var full = Path.Combine(root, file);
            if (new FileInfo(full).LinkTarget is not null && LinkProblem(full, realRoot) is { } problem)
            {
                unfollowedLinks[file] = problem;
                skipped.Add(new SkippedPath(file, problem));
            }
        }

        FileContent Read(string path)
        {
            if (unfollowedLinks.TryGetValue(path, out var linkProblem))
            {
                return new FileContent(path, ContentStatus.OutsideRepository, null, 0, linkProblem);
            }

            var full = Path.Combine(root, path);
            try
            {
                var info = new FileInfo(full);
                if (info.LinkTarget is not null)
                {
                    info = (FileInfo?)info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
                }

                if (info.Length > options.MaxFileSize)
                {
                    return new FileContent(path, ContentStatus.TooLarge, null, info.Length);
                }

                var bytes = File.ReadAllBytes(info.FullName);
                return FileContent.Decode(path, bytes, bytes.Length);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return new FileContent(path, ContentStatus.Unreadable, null, 0, $"unreadable: {ex.Message}");
            }
        }

        return new RepositorySnapshot(root, files, tracked, skipped, Read, git, git is null ? whyNoGit : null, isWorkTree: true)
        {
            Submodules = submodules,
        };
    }

    // The audited folder as an absolute path without a trailing separator ("/" for the file-system root).
    private static string RootOf(string folder)
    {
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        return root.Length == 0 ? "/" : root;
    }

    /// <summary>A snapshot of given contents, for tests and for trees read from git objects.</summary>
    public static RepositorySnapshot FromContents(string root, IReadOnlyDictionary<string, FileContent> contents, GitRepository? git = null, string? whyNoGit = "not a git repository")
    {
        var files = contents.Keys.Order(StringComparer.Ordinal).ToList();
        return new RepositorySnapshot(root, files, new HashSet<string>(), [], path => contents[path], git, whyNoGit, isWorkTree: false);
    }

    /// <summary>
    /// The audited folder as it was at a commit, read from git objects: no checkout, the work tree untouched. Every
    /// file counts as tracked; links and submodules are listed but never followed.
    /// </summary>
    public static RepositorySnapshot FromCommit(GitRepository git, string commit, CatFileBatch blobs, SnapshotOptions options) =>
        FromCommit(git, commit, blobs.Read, options);

    /// <summary>As above, with blobs read by id through <paramref name="readBlob"/> (trend shares a cache across commits).</summary>
    public static RepositorySnapshot FromCommit(GitRepository git, string commit, Func<string, byte[]?> readBlob, SnapshotOptions options)
    {
        var tree = git.ListTree(commit);
        var entries = tree.Files.ToDictionary(entry => entry.Path, StringComparer.Ordinal);
        var files = entries.Keys.ToList();
        if (options.Exclude.Count > 0)
        {
            var excluded = new HashSet<string>(Globs.Match(options.Exclude, files), StringComparer.Ordinal);
            files = files.Where(file => !excluded.Contains(file)).ToList();
        }

        files.Sort(StringComparer.Ordinal);
        FileContent Read(string path)
        {
            var (_, _, oid, size) = entries[path];
            if (entries[path].IsSymbolicLink)
            {
                return new FileContent(path, ContentStatus.OutsideRepository, null, size, "a symbolic link (not followed)");
            }

            if (size > options.MaxFileSize)
            {
                return new FileContent(path, ContentStatus.TooLarge, null, size);
            }

            var bytes = readBlob(oid);
            return bytes is null
                ? new FileContent(path, ContentStatus.Unreadable, null, size, "the blob is missing from this partial clone")
                : FileContent.Decode(path, bytes, bytes.Length);
        }

        var keys = entries.Values.ToDictionary(entry => entry.Path, entry => $"{entry.Mode} {entry.Oid}", StringComparer.Ordinal);
        return new RepositorySnapshot(git.Folder, files, new HashSet<string>(files, StringComparer.Ordinal), [], Read, git, null, isWorkTree: false)
        {
            _contentKey = path => keys.GetValueOrDefault(path),
            Submodules = new HashSet<string>(tree.Submodules, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// What a file's content is named by, together with its path: its mode and blob id when it is read from git
    /// objects, so that two snapshots (two commits of a trend) that give a path the same key give it the same content
    /// and what a check found in it holds in both; for a work tree, a token of this snapshot alone.
    /// </summary>
    public string? ContentKey(string path) => _contentKey(path);

    /// <summary>
    /// A file's content, read once and kept for the next check that asks. Large texts (a JSON dump, a notebook with
    /// outputs) are kept only while those held stay under <see cref="LargeTextBudget"/>; past it, each is read again
    /// when asked: a repository with gigabytes of results would otherwise hold them all, twice over as UTF-16.
    /// </summary>
    public FileContent Read(string path)
    {
        var entry = _contents.GetOrAdd(path, p => new Lazy<FileContent>(() => _reader(p)));
        var content = entry.Value;
        if (content.Text is { Length: > LargeText } text && !KeepLarge(path, text.Length))
        {
            _contents.TryRemove(new KeyValuePair<string, Lazy<FileContent>>(path, entry));
        }

        return content;
    }

    /// <summary>Texts from this many characters count against <see cref="LargeTextBudget"/>.</summary>
    internal const int LargeText = 1 << 20;

    /// <summary>How many characters of large texts a snapshot keeps (128 MB as UTF-16; tests set less).</summary>
    internal long LargeTextBudget { get; set; } = 64L << 20;

    /// <summary>The characters of large texts kept now (for tests of the budget).</summary>
    internal long LargeTextsHeld => Interlocked.Read(ref _largeHeld);

    private readonly ConcurrentDictionary<string, int> _largeKept = new(StringComparer.Ordinal);
    private long _largeHeld;

    private bool KeepLarge(string path, int characters)
    {
        if (_largeKept.ContainsKey(path))
        {
            return true;
        }

        if (Interlocked.Add(ref _largeHeld, characters) <= LargeTextBudget && _largeKept.TryAdd(path, characters))
        {
            return true;
        }

        Interlocked.Add(ref _largeHeld, -characters);
        return _largeKept.ContainsKey(path);
    }

    /// <summary>Parses a notebook once; null with the problem when it cannot be read or parsed.</summary>
    public Notebook? ReadNotebook(string path, out string? problem)
    {
        var (notebook, why) = _notebooks.GetOrAdd(path, p => new Lazy<(Notebook?, string?)>(() =>
        {
            var content = Read(p);
            if (!content.IsText)
            {
                return (null, content.Describe());
            }

            var parsed = Notebook.Parse(content.Text!, out var parseProblem);
            return (parsed, parseProblem);
        })).Value;
        problem = why;
        return notebook;
    }

    public static bool IsNotebook(string path) => path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What a content search sees in a file: the text of a source file, or the code cells of a notebook (markdown and
    /// outputs are not code). Null with the problem when the file cannot be searched.
    /// </summary>
    public IReadOnlyList<TextSegment>? SearchableText(string path, out string? problem)
    {
        if (IsNotebook(path))
        {
            var notebook = ReadNotebook(path, out problem);
            return notebook?.CodeCells.Select(cell => new TextSegment(cell.Source, CellLabel(cell))).ToArray();
        }

        var content = Read(path);
        problem = content.IsText ? null : content.Describe();
        return content.IsText ? [new TextSegment(content.Text!, null)] : null;
    }

    /// <summary>
    /// A code file read as code, once: one view for a source file, one per code cell for a notebook (labelled like
    /// <see cref="SearchableText"/>, `cell 3`; cells in the notebook's own language, Python unless its metadata names
    /// R or Julia). Null with the problem when the file is not a code file (see <see cref="CodeLanguages"/>) or cannot
    /// be read.
    /// </summary>
    public IReadOnlyList<CodeView>? Code(string path, out string? problem)
    {
        var (views, why) = _code.GetOrAdd(path, p => new Lazy<(IReadOnlyList<CodeView>?, string?)>(() => ReadCode(p))).Value;
        problem = why;
        return views;
    }

    private (IReadOnlyList<CodeView>?, string?) ReadCode(string path)
    {
        if (CodeLanguages.Of(path) is not { } language)
        {
            return (null, "not a code file");
        }

        if (IsNotebook(path))
        {
            var notebook = ReadNotebook(path, out var problem);
            var cellLanguage = CodeLanguages.Named(notebook?.Language) ?? language;
            var names = new NotebookNames(); // the kernel's namespace: each cell sees what the cells above it imported
            return notebook is null
                ? (null, problem)
                : (notebook.CodeCells.Select(cell => CodeView.Parse(cell.Source, cellLanguage, CellLabel(cell), notebookCell: true, names)).ToArray(), null);
        }

        var content = Read(path);
        return content.IsText ? ([CodeView.ForFile(path, content.Text!, language)], null) : (null, content.Describe());
    }

    private static string CellLabel(NotebookCell cell) => $"cell {cell.Index}";

    /// <summary>
    /// Lets go of every file's text, notebook and code views read so far, and says how many characters of text that
    /// was. The engine calls it once the rules that read the files are done, so that what the history rules hold next
    /// is not added to the whole tree's text. A file read after this is read again, to the same content.
    /// </summary>
    public long ReleaseContents()
    {
        var characters = _contents.Values.Where(content => content.IsValueCreated).Sum(content => (long)(content.Value.Text?.Length ?? 0));
        _code.Clear();
        _notebooks.Clear();
        _contents.Clear();
        _largeKept.Clear();
        Interlocked.Exchange(ref _largeHeld, 0);
        return characters;
    }

    /// <summary>Does it hold any file's text, notebook or code views (for tests of <see cref="ReleaseContents"/>)?</summary>
    internal bool HoldsContents => !_contents.IsEmpty || !_notebooks.IsEmpty || !_code.IsEmpty;

    /// <summary>The files matching any of the globs (folder globs, ending in '/', match the files inside).</summary>
    public IReadOnlyList<string> MatchFiles(IReadOnlyCollection<string> globs) =>
        _fileMatches.GetOrAdd(string.Join('\n', globs), _ =>
            Globs.Match(globs.Select(glob => Globs.IsFolderGlob(glob) ? glob + "**" : glob).ToArray(), _fileIndex.Value));

    /// <summary>Does this file match any of the globs? Answered from a set, so asking it of every file stays linear.</summary>
    public bool MatchesFile(IReadOnlyCollection<string> globs, string path) =>
        _fileMatchSets.GetOrAdd(string.Join('\n', globs), _ => new HashSet<string>(MatchFiles(globs), StringComparer.Ordinal)).Contains(path);

    /// <summary>The folders matching any of the folder globs (those ending in '/').</summary>
    public IReadOnlyList<string> MatchFolders(IReadOnlyCollection<string> globs)
    {
        var folderGlobs = globs.Where(Globs.IsFolderGlob).ToArray();
        return folderGlobs.Length == 0
            ? []
            : _folderMatches.GetOrAdd(string.Join('\n', folderGlobs), _ => Globs.Match(folderGlobs, _folderIndex.Value));
    }

    /// <summary>The .gitignore rules of the audited folder (its own .gitignore files and those of the folders above it in the repository).</summary>
    public Gitignore Gitignore => _gitignore.Value;

    /// <summary>Is something at this path on disk (tracked, untracked or ignored)? Never follows a link out of the repository.</summary>
    public bool ExistsOnDisk(string path, out bool isFolder)
    {
        isFolder = false;
        if (Globs.Validate(path) is not null)
        {
            return false;
        }

        if (!_isWorkTree)
        {
            isFolder = Folders.Contains(path.TrimEnd('/'));
            return isFolder || Contains(path);
        }

        var full = Path.Combine(Root, path.TrimEnd('/'));
        if (Directory.Exists(full) && new DirectoryInfo(full).LinkTarget is null)
        {
            isFolder = true;
            return true;
        }

        return File.Exists(full) || Contains(path);
    }

    private Gitignore LoadGitignore()
    {
        var gitignore = new Gitignore();
        foreach (var file in Files.Where(f => f == ".gitignore" || f.EndsWith("/.gitignore", StringComparison.Ordinal)))
        {
            var content = Read(file);
            if (content.IsText)
            {
                gitignore.Add(Path.GetDirectoryName(file)?.Replace('\\', '/') ?? "", content.Text!);
            }
        }

        return gitignore;
    }

    private static HashSet<string> DeriveFolders(IEnumerable<string> files)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var slash = file.LastIndexOf('/');
            while (slash > 0)
            {
                if (!folders.Add(file[..slash]))
                {
                    break;
                }

                slash = file.LastIndexOf('/', slash - 1);
            }
        }

        return folders;
    }

    /// <summary>
    /// Lists a plain folder (no git): an explicit stack, so deep trees cannot overflow; .gitignore files are honoured;
    /// links to folders are never entered, so loops and escapes are impossible.
    /// </summary>
    private static List<string> WalkFolder(string root, List<SkippedPath> skipped)
    {
        var files = new List<string>();
        var gitignore = new Gitignore();
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.Count > 0)
        {
            var relative = pending.Pop();
            var full = relative.Length == 0 ? root : Path.Combine(root, relative);
            var ignoreFile = Path.Combine(full, ".gitignore");
            if (File.Exists(ignoreFile) && new FileInfo(ignoreFile).Length < 1 << 20)
            {
                try
                {
                    gitignore.Add(relative, File.ReadAllText(ignoreFile));
                }
                catch (IOException)
                {
                    // An unreadable .gitignore ignores nothing.
                }
            }

            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(full).EnumerateFileSystemInfos().ToArray();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SkippedPath(relative, $"folder could not be read: {ex.Message}"));
                continue;
            }

            foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var path = relative.Length == 0 ? entry.Name : $"{relative}/{entry.Name}";
                var isFolder = entry is DirectoryInfo && entry.LinkTarget is null;
                if (entry.Name == ".git" || gitignore.IsIgnoredInVisibleFolder(path, isFolder))
                {
                    continue;
                }

                if (isFolder)
                {
                    pending.Push(path);
                }
                else if (entry is DirectoryInfo)
                {
                    skipped.Add(new SkippedPath(path, "symbolic link to a folder; not followed"));
                }
                else
                {
                    files.Add(path);
                }
            }
        }

        return files;
    }

    private static string RealPath(string path)
    {
        try
        {
            var info = new DirectoryInfo(path);
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return (target?.FullName ?? info.FullName).TrimEnd(Path.DirectorySeparatorChar);
        }
        catch (IOException)
        {
            return path;
        }
    }

    /// <summary>Why a symbolic link is not read, or null when it points at a file inside the repository.</summary>
    private static string? LinkProblem(string fullPath, string realRoot)
    {
        try
        {
            var target = new FileInfo(fullPath).ResolveLinkTarget(returnFinalTarget: true);
            var resolved = target is null ? null : Path.GetFullPath(target.FullName);
            var inside = resolved is not null
                && (resolved == realRoot || resolved.StartsWith(realRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            return resolved switch
            {
                null => "symbolic link that cannot be resolved; not followed",
                _ when !inside => "symbolic link to a target outside the repository; not followed",
                _ when Directory.Exists(resolved) => "symbolic link to a folder; not followed",
                _ when !File.Exists(resolved) => "dangling symbolic link (its target does not exist)",
                _ => null,
            };
        }
        catch (IOException)
        {
            return "symbolic link loop; not followed";
        }
    }
}
