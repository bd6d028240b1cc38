using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Tests.Support;

/// <summary>
/// A rule fixture: a repository tree in `rules/.../fixtures/OUTCOME/CASE/`, turned into a real folder (and, when
/// `fixture.yml` asks for it, a real git repository with history) in a temp folder.
///
/// In fixture trees a leading `_.` in a name stands for `.` (`_.gitignore` becomes `.gitignore`), so that fixture
/// ignore and attribute files do not act on this repository itself. `fixture.yml` (optional) reads:
/// <code>
/// git: true                     # make a git repository and commit the tree (default: false, or true with history)
/// shallow: true                 # audit a depth-1 clone instead
/// partial: true                 # audit a --filter=blob:none clone instead (or name the filter: blob:limit=2m)
/// origin: https://github.com/o/r  # the repository's origin remote (a project's own links are those under its owner)
/// history:                      # commits made after the tree's commit, in order
///   - message: add the raw data
///     write: { "notes.txt": "text" }
///     random: { "data/train.csv": 12MB }     # random bytes
///     lfs: { "models/model.pt": 300MB }      # a Git LFS pointer
///     delete: [ "data/train.csv" ]
/// expect: { message: "regex", evidence: "regex" }   # optional extra assertions
/// </code>
/// </summary>
public sealed class Fixture : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private Fixture(string root, string? expectMessage, string? expectEvidence)
    {
        Root = root;
        ExpectMessage = expectMessage;
        ExpectEvidence = expectEvidence;
    }

    public string Root { get; }

    public string? ExpectMessage { get; }

    public string? ExpectEvidence { get; }

    public static Fixture Materialize(string caseFolder)
    {
        var spec = Path.Combine(caseFolder, "fixture.yml");
        YamlMappingNode? root = null;
        if (File.Exists(spec))
        {
            var (_, node) = YamlDoc.Parse(spec, File.ReadAllText(spec));
            root = node as YamlMappingNode;
        }

        string? Scalar(string key) => root is not null && root.Children.TryGetValue(key, out var value) ? (value as YamlScalarNode)?.Value : null;
        var history = root is not null && root.Children.TryGetValue("history", out var h) ? (YamlSequenceNode)h : null;
        var shallow = Scalar("shallow") == "true";
        var partialFilter = Scalar("partial") is { } filter and not "false" ? (filter == "true" ? "blob:none" : filter) : null;
        var partial = partialFilter is not null;
        var origin = Scalar("origin");
        var useGit = Scalar("git") == "true" || history is not null || shallow || partial || origin is not null;
        string? expectMessage = null, expectEvidence = null;
        if (root is not null && root.Children.TryGetValue("expect", out var expect) && expect is YamlMappingNode expectations)
        {
            expectMessage = expectations.Children.TryGetValue("message", out var m) ? ((YamlScalarNode)m).Value : null;
            expectEvidence = expectations.Children.TryGetValue("evidence", out var e) ? ((YamlScalarNode)e).Value : null;
        }

        if (!useGit)
        {
            var folder = new TempFolder("fixture");
            CopyTree(caseFolder, folder.Path);
            var fixture = new Fixture(folder.Path, expectMessage, expectEvidence);
            fixture._owned.Add(folder);
            return fixture;
        }

        var repo = new GitRepo("fixture");
        CopyTree(caseFolder, repo.Path);
        repo.Commit("initial tree");
        if (origin is not null)
        {
            repo.Git("remote", "add", "origin", origin);
        }

        foreach (var step in history?.Children.Cast<YamlMappingNode>() ?? [])
        {
            Apply(repo, step);
        }

        var result = new Fixture(repo.Path, expectMessage, expectEvidence);
        result._owned.Add(repo);
        if (shallow || partial)
        {
            var clone = shallow ? repo.ShallowClone() : repo.PartialClone(partialFilter!);
            result = new Fixture(clone.Path, expectMessage, expectEvidence);
            result._owned.Add(clone);
            result._owned.Add(repo);
        }

        return result;
    }

    private static void Apply(GitRepo repo, YamlMappingNode step)
    {
        IEnumerable<(string Key, string Value)> Pairs(string key) =>
            step.Children.TryGetValue(key, out var node) && node is YamlMappingNode map
                ? map.Children.Select(pair => (((YamlScalarNode)pair.Key).Value!, ((YamlScalarNode)pair.Value).Value ?? ""))
                : [];

        foreach (var (path, content) in Pairs("write"))
        {
            repo.Write(path, content);
        }

        foreach (var (path, size) in Pairs("random"))
        {
            repo.WriteRandom(path, ParseSize(size), seed: path.GetHashCode(StringComparison.Ordinal));
        }

        foreach (var (path, size) in Pairs("lfs"))
        {
            repo.WriteLfsPointer(path, ParseSize(size));
        }

        if (step.Children.TryGetValue("delete", out var delete) && delete is YamlSequenceNode deletions)
        {
            foreach (var path in deletions.Children.Cast<YamlScalarNode>())
            {
                repo.Delete(path.Value!);
            }
        }

        var message = step.Children.TryGetValue("message", out var m) ? ((YamlScalarNode)m).Value! : "change";
        repo.Commit(message);
    }

    private static long ParseSize(string text) =>
        Sizes.TryParse(text, out var bytes) ? bytes : throw new FormatException($"bad size '{text}' in fixture.yml");

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative == "fixture.yml")
            {
                continue;
            }

            var target = Path.Combine(to, string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Unescape)));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Unescape(string name) => name.StartsWith("_.", StringComparison.Ordinal) ? name[1..] : name;

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
