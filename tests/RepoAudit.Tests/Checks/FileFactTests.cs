using RepoAudit.Core.Checks;
using RepoAudit.Tests.Support;

namespace RepoAudit.Tests.Checks;

/// <summary>What a check finds in a file is derived once per scan, however many scopes ask for it.</summary>
public sealed class FileFactTests
{
    [Fact]
    public void WorkTreeFile_IsSearchedOnce_AcrossScopesOfOneScan()
    {
        var context = new CheckContext(TestRules.Snapshot(("train.py", "import torch"), ("model.py", "x = 1")), null, "none");
        var owner = new object();
        var derived = 0;
        string Derive(string path)
        {
            derived++;
            return path.ToUpperInvariant();
        }

        context.FileFact(owner, "train.py", Derive).ShouldBe("TRAIN.PY");
        context.ScopedToProgram("train.py").FileFact(owner, "train.py", Derive).ShouldBe("TRAIN.PY");
        context.ScopedTo("model.py").FileFact(owner, "model.py", Derive).ShouldBe("MODEL.PY");

        derived.ShouldBe(2);
    }

    [Fact]
    public void TwoWorkTrees_NeverShareWhatWasFound_EvenInOneCache()
    {
        var first = new CheckContext(TestRules.Snapshot(("train.py", "import torch")), null, "none");
        var second = new CheckContext(TestRules.Snapshot(("train.py", "import jax")), null, "none") { BlobFacts = first.BlobFacts };
        var owner = new object();

        first.FileFact(owner, "train.py", path => first.Snapshot.Read(path).Text!).ShouldBe("import torch");
        second.FileFact(owner, "train.py", path => second.Snapshot.Read(path).Text!).ShouldBe("import jax");
    }

    [Fact]
    public void AProgram_IsWalkedOncePerScan_WhicheverScopeAsksForIt()
    {
        var context = new CheckContext(
            TestRules.Snapshot(("train.py", "from pipeline import data\n"), ("pipeline/data.py", "import pandas\n"), ("pipeline/__init__.py", "")),
            null,
            "none");

        var program = context.ScopedToProgram("train.py").Scope!;
        program.ShouldContain("pipeline/data.py");
        context.ScopedTo("pipeline/data.py").ScopedToProgram("train.py").Scope.ShouldBeSameAs(program);
    }
}
