namespace RepoAudit.Core.Git;

/// <summary>What git says about the repository around the audited folder.</summary>
public sealed record GitRepositoryInfo(
    string TopLevel,
    string Prefix,
    string? Head,
    string? Branch,
    bool Shallow,
    bool Partial,
    bool Dirty);

/// <summary>A file git lists under the audited folder.</summary>
public sealed record GitListedFile(string Path, bool Tracked);

/// <summary>
/// The git work tree that contains the audited folder. The audited folder may be a sub-folder (a project inside a
/// monorepo): then <see cref="GitRepositoryInfo.Prefix"/> names it and every path here is relative to it.
/// </summary>
public sealed class GitRepository
{
    private readonly GitRunner _git;

    private GitRepository(GitRunner git, string folder, GitRepositoryInfo info)
    {
        _git = git;
        Folder = folder;
        Info = info;
    }

    public string Folder { get; }

    public GitRepositoryInfo Info { get; }

    public GitRunner Runner => _git;

    /// <summary>Finds the work tree around <paramref name="folder"/>; null with the reason when there is none.</summary>
    public static GitRepository? Discover(GitRunner git, string folder, out string? whyNot)
    {
        GitOutput probe;
        try
        {
            probe = git.Run(folder, "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--show-prefix", "--is-shallow-repository");
        }
        catch (GitUnavailableException ex)
        {
            whyNot = ex.Message;
            return null;
        }

        if (!probe.Ok)
        {
            whyNot = probe.Stderr.Contains("dubious ownership", StringComparison.Ordinal)
                ? "git refuses to read this repository because another user owns it (see `git config --global --add safe.directory`)"
                : "not a git repository";
            return null;
        }

        var lines = probe.Text.Split('\n');
        if (lines.Length < 4 || lines[0] != "true")
        {
            whyNot = "not inside a git work tree";
            return null;
        }

        var head = git.Run(folder, "rev-parse", "--verify", "-q", "HEAD^{commit}");
        var branch = git.Run(folder, "symbolic-ref", "-q", "--short", "HEAD");
        var partial = git.Run(folder, "config", "--get", "extensions.partialClone");
        var promisor = git.Run(folder, "config", "--get-regexp", @"^remote\..*\.promisor$");
        var status = git.Run(folder, "status", "--porcelain", "-z", "--untracked-files=normal", "--ignore-submodules=all", "--", ".");

        whyNot = null;
        return new GitRepository(git, folder, new GitRepositoryInfo(
            TopLevel: lines[1],
            Prefix: lines[2],
            Head: head.Ok ? head.Text.Trim() : null,
            Branch: branch.Ok ? branch.Text.Trim() : null,
            Shallow: lines[3] == "true",
            Partial: partial.Ok || (promisor.Ok && promisor.Text.Contains(" true", StringComparison.Ordinal)),
            Dirty: status.Ok && status.Stdout.Length > 0));
    }

    /// <summary>Tracked files plus untracked files that .gitignore does not exclude, relative to the audited folder.</summary>
    public IReadOnlyList<GitListedFile> ListFiles()
    {
        var output = _git.Run(Folder, "ls-files", "-z", "-t", "--cached", "--others", "--exclude-standard", "--deduplicate");
        if (!output.Ok)
        {
            throw new IOException($"git ls-files failed: {output.Stderr}");
        }

        var files = new List<GitListedFile>();
        foreach (var record in output.Records())
        {
            // "-t" tags each path: H = tracked, ? = untracked, S/M/C/R/K = tracked in special states.
            if (record.Length < 3)
            {
                continue;
            }

            files.Add(new GitListedFile(record[2..], Tracked: record[0] != '?'));
        }

        return files;
    }

    /// <summary>The history reachable from <paramref name="revision"/> (HEAD unless auditing a baseline).</summary>
    public GitHistory History(int? depth, string revision = "HEAD") => new(this, depth, revision);

    /// <summary>The full commit id of a revision, or null when this clone does not have it.</summary>
    public string? ResolveCommit(string revision)
    {
        if (revision.StartsWith('-'))
        {
            return null; // never let a ref name be read as an option
        }

        var output = _git.Run(Folder, "rev-parse", "--verify", "-q", "--end-of-options", $"{revision}^{{commit}}");
        return output.Ok ? output.Text.Trim() : null;
    }

    /// <summary>A file's text at a commit (path relative to the audited folder), or null when it is not there.</summary>
    public string? ReadFileAt(string commit, string path)
    {
        var output = _git.Run(Folder, "show", $"{commit}:./{path}");
        return output.Ok ? output.Text : null;
    }
}
