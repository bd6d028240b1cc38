namespace RepoAudit.Tests.Support;

/// <summary>Locations in the source checkout (the tests read rules/ and samples/ from there).</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Rules => Path.Combine(RepositoryRoot, "rules");

    public static string Samples => Path.Combine(RepositoryRoot, "samples");

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RepoAudit.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("cannot find RepoAudit.sln above the test binaries");
    }
}
