using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.TeamLead;

/// <summary>Repositories with a story: practices added and removed over six commits.</summary>
internal static class TrendHistories
{
    public const string Ci = "name: ci\non:\n  push:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n";

    /// <summary>
    /// 1 a script; 2 tests added; 3 CI added; 4 a 12 MB model committed; 5 the model removed (still in history);
    /// 6 the tests deleted. Returns the commits, oldest first.
    /// </summary>
    public static string[] Story(GitRepo repo)
    {
        return
        [
            repo.Write("README.md", "# Churn\n\n## Setup\n\npip install -r requirements.txt\n\n## Usage\n\npython train.py\n")
                .Write("requirements.txt", "numpy==1.26.4\n")
                .Write("train.py", "import numpy as np\n\nprint(np.zeros(3))\n")
                .Commit("A first script"),
            repo.Write("tests/test_train.py", "import train\n\ndef test_shape():\n    assert len(train.np.zeros(3)) == 3\n").Commit("Tests for the script"),
            repo.Write(".github/workflows/ci.yml", Ci).Commit("CI runs the tests"),
            repo.WriteRandom("models/model.bin", 12L << 20).Commit("Commit the trained model"),
            repo.Delete("models/model.bin").Commit("Remove the model again"),
            repo.Delete("tests").Commit("Tests deleted"),
        ];
    }
}
