using System.Collections.Concurrent;
using RepoAudit.Core.Git;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Everything a check may look at: the snapshot and, when available, the git history. A context may be scoped to one
/// file (<see cref="ScopedTo"/>), so that `each_file` can ask a question of each file on its own; the file-reading
/// primitives see only the files in scope, while history and .gitignore stay repository-wide.
/// </summary>
public sealed class CheckContext
{
    // Named conditions, evaluated at most once per scope for the whole scan (shared by every scoped context).
    private readonly ConcurrentDictionary<(NamedCondition, string?), Lazy<CheckResult>> _conditionResults;

    // The snapshot's programs and imported modules: they depend on its files only, so they are found once for the
    // whole scan (shared by every scoped context).
    private readonly ProgramFiles _programFiles;

    /// <summary>How many pieces of evidence a check lists before it summarises the rest.</summary>
    public const int EvidenceLimit = 20;

    public CheckContext(RepositorySnapshot snapshot, GitHistory? history, string? historyUnavailableReason)
    {
        Snapshot = snapshot;
        History = history;
        HistoryUnavailableReason = history is null ? historyUnavailableReason ?? "git history is not available" : null;
        _conditionResults = new();
        _programFiles = new(snapshot);
        BlobFacts = new();
    }

    // A narrowed context shares everything but its scope with the one it was narrowed from; each_file makes one per
    // file and rule, so it allocates nothing else.
    private CheckContext(CheckContext from, IReadOnlyList<string> files, string key, string entryPoint)
    {
        Snapshot = from.Snapshot;
        History = from.History;
        HistoryUnavailableReason = from.HistoryUnavailableReason;
        _conditionResults = from._conditionResults;
        _programFiles = from._programFiles;
        BlobFacts = from.BlobFacts;
        _repository = from._repository ?? from;
        Scope = files;
        _scopeKey = key;
        EntryPoint = entryPoint;
    }

    public RepositorySnapshot Snapshot { get; }

    /// <summary>The history of the audited folder, or null when history rules cannot run (see the reason).</summary>
    public GitHistory? History { get; }

    public string? HistoryUnavailableReason { get; }

    /// <summary>
    /// The files the file-reading checks look at, or null for the whole repository: one file, or a program (an entry
    /// point and the project modules it imports, see <see cref="ProgramFiles"/>).
    /// </summary>
    public IReadOnlyList<string>? Scope { get; }

    // Names the scope in the cache of named conditions: the file, or the program's entry point marked as a program.
    private readonly string? _scopeKey;

    /// <summary>The files matching any of the globs, within the scope.</summary>
    public IReadOnlyList<string> MatchFiles(IReadOnlyCollection<string> globs)
    {
        // Inside each_file this is asked of every file in turn: a set lookup, not a scan of the whole match list.
        return Scope switch
        {
            null => Snapshot.MatchFiles(globs),
            [var only] => Snapshot.MatchesFile(globs, only) ? [only] : [],
            _ => Scope.Where(path => Snapshot.MatchesFile(globs, path)).ToArray(),
        };
    }

    /// <summary>The folders matching any of the folder globs; a file scope has none.</summary>
    public IReadOnlyList<string> MatchFolders(IReadOnlyCollection<string> globs) => Scope is null ? Snapshot.MatchFolders(globs) : [];

    /// <summary>This context narrowed to one file; it shares the cache of named conditions.</summary>
    public CheckContext ScopedTo(string path) => Narrowed([path], path, path);

    /// <summary>This context narrowed to the program that starts at an entry point (<see cref="ProgramFiles"/>).</summary>
    public CheckContext ScopedToProgram(string entryPoint) =>
        Narrowed(_programFiles.Of(entryPoint), $"{entryPoint}\nprogram", entryPoint);

    /// <summary>
    /// The file a scoped context was narrowed to, or a program's entry point (the script that imports the rest); null
    /// for the whole repository.
    /// </summary>
    public string? EntryPoint { get; }

    private CheckContext Narrowed(IReadOnlyList<string> files, string key, string entryPoint) => new(this, files, key, entryPoint);

    // The unscoped context this one was narrowed from (null when this one is unscoped).
    private readonly CheckContext? _repository;

    /// <summary>The Python files that get imported (<see cref="ProgramFiles.Imported"/>), found once per scan.</summary>
    public IReadOnlySet<string> ImportedModules => _programFiles.Imported;

    /// <summary>
    /// A named condition's result in this scope (or the repository's, for a repository-wide one), evaluated once per scan.
    /// Its patterns' linear regex engines are used by the condition rather than by the rule that asked, so they are not
    /// let go when that rule is done (<see cref="RulePattern.ReleaseLinearEnginesOf"/>): several rules ask the same
    /// conditions of other files and scopes, and each would build the engines again.
    /// </summary>
    public CheckResult Evaluate(NamedCondition condition)
    {
        var context = condition.RepositoryWide ? _repository ?? this : this;
        return _conditionResults.GetOrAdd((condition, context._scopeKey),
            _ => new Lazy<CheckResult>(() => RulePattern.UsedBy(condition, () => condition.Check.Evaluate(context)))).Value;
    }

    /// <summary>Facts keyed by blob id; trend shares one cache across the commits it audits.</summary>
    public FactCache BlobFacts { get; init; }

    /// <summary>
    /// What <paramref name="owner"/> derives from one file by <paramref name="derive"/>, which must depend on the file's
    /// path and content only: kept in <see cref="BlobFacts"/> by the file's content key and path, so it is derived once for
    /// every commit at which the file is the same, and once per scan for a work tree.
    /// </summary>
    public T FileFact<T>(object owner, string path, Func<string, T> derive) where T : notnull
    {
        if (Snapshot.ContentKey(path) is not { } key)
        {
            return derive(path);
        }

        if (!BlobFacts.TryGet<T>(owner, key, path, out var fact))
        {
            fact = derive(path);
            BlobFacts.Set(owner, key, path, fact);
        }

        return fact;
    }

    /// <summary>Creates the context for a snapshot, deciding once whether its history can be read.</summary>
    public static CheckContext For(RepositorySnapshot snapshot, bool useHistory, int? depth, string revision = "HEAD", IProgress<string>? progress = null)
    {
        if (!useHistory)
        {
            return new CheckContext(snapshot, null, "history rules were skipped (--no-history)");
        }

        if (snapshot.Git is not { } git)
        {
            return new CheckContext(snapshot, null, $"git history is not available: {snapshot.GitUnavailableReason}");
        }

        if (git.Info.Head is null)
        {
            return new CheckContext(snapshot, null, "the repository has no commits yet");
        }

        if (git.Info.Shallow)
        {
            return new CheckContext(snapshot, null,
                "this is a shallow clone, so git history is incomplete; deepen it with `git fetch --unshallow` (in GitHub Actions: actions/checkout with `fetch-depth: 0`)");
        }

        return new CheckContext(snapshot, git.History(depth, revision, progress), null);
    }
}
