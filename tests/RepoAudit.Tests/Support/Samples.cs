namespace RepoAudit.Tests.Support;

/// <summary>
/// The sample projects as standalone git repositories: copied into a temp folder and committed, so that history rules
/// see the sample's own history whatever the state of this checkout (a shallow CI clone, uncommitted edits).
/// </summary>
public static class Samples
{
    public static readonly string[] Names = ["churn-classifier", "notebook-sprawl"];

    public static GitRepo AsRepository(string name)
    {
        var repo = new GitRepo(name);
        var source = Path.Combine(Paths.Samples, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repo.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        repo.Git("add", "-A", "--force"); // the sample's own files, including any its .gitignore would hide
        repo.Commit($"sample {name}");
        return repo;
    }
}
