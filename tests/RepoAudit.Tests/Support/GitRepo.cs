using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace RepoAudit.Tests.Support;

/// <summary>
/// Builds real git repositories for tests: commits with fixed dates and identities, random binaries of a given size,
/// Git LFS pointer files, deletions, shallow and partial clones.
/// </summary>
public sealed class GitRepo : IDisposable
{
    private readonly TempFolder _folder;
    private int _commits;

    public GitRepo(string? name = null)
    {
        _folder = new TempFolder(name ?? "repo");
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "RepoAudit Test");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path => _folder.Path;

    public GitRepo Write(string relative, string content)
    {
        _folder.Write(relative, content);
        return this;
    }

    /// <summary>Writes <paramref name="size"/> random bytes (random, so git cannot compress them away).</summary>
    public GitRepo WriteRandom(string relative, long size, int seed = 1)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        _folder.WriteBytes(relative, bytes);
        return this;
    }

    /// <summary>Writes a Git LFS pointer, as `git lfs` commits in place of the real file.</summary>
    public GitRepo WriteLfsPointer(string relative, long size)
    {
        var oid = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relative)));
        return Write(relative, $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize {size}\n");
    }

    public GitRepo Delete(string relative)
    {
        Git("rm", "-q", "-r", "--", relative);
        return this;
    }

    public string Commit(string message)
    {
        Git("add", "-A");
        _commits++;
        var date = $"2025-01-{Math.Min(_commits, 28):00}T12:00:00Z";
        RunGit(Path, ["commit", "-q", "--allow-empty", "-m", message], new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date });
        return Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>A shallow clone (depth 1) of this repository in a new folder.</summary>
    public TempFolder ShallowClone()
    {
        var target = new TempFolder("shallow");
        RunGit(target.Path, ["clone", "-q", "--depth", "1", $"file://{Path}", "."]);
        return target;
    }

    /// <summary>
    /// A partial clone (`--filter=blob:none` unless another filter is named): history blobs the filter leaves out are
    /// missing locally; checking out the default branch fetches the ones its tree needs.
    /// </summary>
    public TempFolder PartialClone(string filter = "blob:none")
    {
        Git("config", "uploadpack.allowFilter", "true");
        var target = new TempFolder("partial");
        RunGit(target.Path, ["clone", "-q", $"--filter={filter}", "--no-checkout", $"file://{Path}", "."]);
        RunGit(target.Path, ["checkout", "-q", "main"]);
        return target;
    }

    public string Git(params string[] args) => RunGit(Path, args);

    public static string RunGit(string folder, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["HOME"] = System.IO.Path.GetTempPath();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {folder}: {stderr}");
        }

        return stdout.Result;
    }

    public void Dispose() => _folder.Dispose();
}
