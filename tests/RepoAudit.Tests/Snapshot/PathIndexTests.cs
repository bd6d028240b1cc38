using Microsoft.Extensions.FileSystemGlobbing;
using RepoAudit.Core.Snapshot;

namespace RepoAudit.Tests.Snapshot;

/// <summary>The lookup shortcuts of PathIndex must answer exactly as the globbing library would.</summary>
public sealed class PathIndexTests
{
    private static readonly string[] Paths =
    [
        "README.md", "readme.MD", "docs/README.md", "train.py", "src/pkg/train.PY", ".py", "src/.hidden.py",
        "data/raw/a.tar.gz", "data/raw/b.gz", "archive.tar.gz", "Dockerfile", "docker/Dockerfile", "docker/Dockerfile.gpu",
        "requirements.txt", "requirements-dev.txt", "a/b/c/d/requirements.txt", "notebooks/x.ipynb", "LICENSE",
        "weird [a].py", "tests/test_x.py", "x.py.bak",
    ];

    public static TheoryData<string> Globs() =>
    [
        "**/*.py", "**/*.PY", "**/*.tar.gz", "**/*.gz", "**/Dockerfile", "**/requirements.txt", "README.md",
        "readme.md", "docs/README.md", "**/*.ipynb", "**/Dockerfile.*", "**/requirements*.txt", "tests/**", "*.py",
        "**/test_*.py", "missing.txt", "**/nothing", "**/*",
    ];

    [Theory]
    [MemberData(nameof(Globs))]
    public void Lookup_AgreesWithTheGlobbingLibrary(string glob)
    {
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        matcher.AddInclude(glob);
        var expected = matcher.Match("/repo", Paths).Files.Select(file => file.Path).Order(StringComparer.Ordinal).ToArray();

        new PathIndex(Paths).Match([glob]).ShouldBe(expected);
    }

    [Fact]
    public void SeveralGlobs_AreAUnionWithoutDuplicates()
    {
        new PathIndex(Paths).Match(["**/*.py", "train.py", "tests/**"])
            .ShouldBe([".py", "src/.hidden.py", "src/pkg/train.PY", "tests/test_x.py", "train.py", "weird [a].py"]);
    }
}
