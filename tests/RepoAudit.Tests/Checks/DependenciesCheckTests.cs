using System.Text;
using RepoAudit.Core.Checks;
using RepoAudit.Core.Snapshot;
using RepoAudit.Core.Text;

namespace RepoAudit.Tests.Checks;

public sealed class DependenciesCheckTests
{
    private const string DeclaredYaml = "dependencies: { declared: true }";
    private const string PinnedYaml = "dependencies: { pinned: all }";

    private static ICheck Compile(string yaml)
    {
        var (doc, root) = YamlDoc.Parse("test.yml", yaml);
        return CheckCompiler.Compile(new CheckReader(doc, new Dictionary<string, OptionValue>(), RepoAudit.Core.Rules.RuleLoader.BuiltinFacts), root!);
    }

    private static CheckResult Evaluate(string yaml, params (string Path, string Text)[] files)
    {
        var contents = files.ToDictionary(file => file.Path, file =>
        {
            var bytes = Encoding.UTF8.GetBytes(file.Text);
            return FileContent.Decode(file.Path, bytes, bytes.Length);
        });
        return Compile(yaml).Evaluate(new CheckContext(RepositorySnapshot.FromContents("/repo", contents), null, "no history"));
    }

    private static CheckResult Declared(params (string Path, string Text)[] files) => Evaluate(DeclaredYaml, files);

    private static CheckResult Pinned(params (string Path, string Text)[] files) => Evaluate(PinnedYaml, files);

    private static string Details(CheckResult result) => string.Join("\n", result.Evidence.Select(e => $"{e.Path}|{e.Line}|{e.Detail}"));

    // ---- loading ----

    [Theory]
    [InlineData("dependencies: { pinned: any }", "'dependencies.pinned' must be 'all'")]
    [InlineData("dependencies: { declared: maybe }", "must be true or false")]
    [InlineData("dependencies: { declared: false }", "needs 'declared: true' or 'pinned: all'")]
    [InlineData("dependencies: {}", "needs 'declared: true' or 'pinned: all'")]
    [InlineData("dependencies: { locked: true }", "locked")]
    [InlineData("dependencies: [declared]", "must be a mapping")]
    public void InvalidArguments_AreLoadErrorsNamingTheProblem(string yaml, string problem)
    {
        var error = Should.Throw<LoadException>(() => Compile(yaml));

        error.File.ShouldBe("test.yml");
        error.Message.ShouldContain(problem);
    }

    [Fact]
    public void BothConditions_Compile()
    {
        Compile("dependencies: { declared: true, pinned: all }").ShouldNotBeNull();
    }

    // ---- declared ----

    [Fact]
    public void RequirementsTxt_DeclaredHoldsAndCountsDependencies()
    {
        var result = Declared(("requirements.txt", "numpy==1.26.4\n# comment\npandas\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Summary.ShouldContain("requirements.txt (2 requirements)");
        result.Evidence.Single().Detail.ShouldBe("declares 2 requirements");
    }

    [Theory]
    [InlineData("requirements-dev.txt")]
    [InlineData("Requirements_GPU.txt")]
    [InlineData("requirements/base.txt")]
    [InlineData("services/trainer/requirements/prod.txt")]
    [InlineData("services/trainer/requirements.txt")]
    public void RequirementFilesAtAnyDepth_DeclaredHolds(string path)
    {
        Declared((path, "torch==2.3.0\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void TextFileOutsideARequirementsFolder_IsNotAManifest()
    {
        Declared(("docs/notes.txt", "torch==2.3.0\n"), ("requirements-notes/x.txt", "torch\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void RequirementsWithOnlyEditableInstall_DeclaredHoldsAsADedicatedManifest()
    {
        var result = Declared(("requirements.txt", "-e .\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 0 requirements");
    }

    [Fact]
    public void PyprojectProjectDependencies_DeclaredHolds()
    {
        var result = Declared(("pyproject.toml", """
            [project]
            name = "x"
            dependencies = ["torch>=2", "numpy"]
            [project.optional-dependencies]
            dev = ["pytest"]
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
    }

    [Fact]
    public void PyprojectWithOnlyToolSettings_DeclaredFails()
    {
        var result = Declared(("pyproject.toml", "[tool.ruff]\nline-length = 100\n\n[build-system]\nrequires = [\"setuptools\"]\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("pyproject.toml declares no dependencies");
    }

    [Fact]
    public void PoetryDependencies_DeclaredHoldsWithoutCountingPython()
    {
        var result = Declared(("pyproject.toml", """
            [tool.poetry.dependencies]
            python = "^3.10"
            torch = "^2.3"
            lib = { path = "../lib", develop = true }
            [tool.poetry.group.dev.dependencies]
            pytest = "^8"
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 2 dependencies");
    }

    [Fact]
    public void PdmHatchAndDependencyGroups_DeclaredCountsEachList()
    {
        var result = Declared(("pyproject.toml", """
            [dependency-groups]
            test = ["pytest>=8", { include-group = "lint" }]
            lint = ["ruff"]
            [tool.pdm.dev-dependencies]
            docs = ["mkdocs"]
            [tool.hatch.envs.default]
            dependencies = ["coverage"]
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 4 dependencies");
    }

    [Fact]
    public void SetupPyInstallRequires_DeclaredHoldsReadingLiteralsOnly()
    {
        var result = Declared(("setup.py", """
            from setuptools import setup
            setup(
                name="x",
                install_requires=[
                    "torch>=2.0",  # the model
                    'transformers[torch]==4.41.2',
                    "numpy (>=1.26)",
                ],
                extras_require={"dev": ["pytest"]},
            )
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 4 dependencies"); // the extra's pytest counts, as optional-dependencies do
    }

    [Fact]
    public void SetupPyExtrasRequire_AreDeclaredDependencies_ReadFromTheDictsLists()
    {
        const string setup = """
            from setuptools import setup
            setup(
                name="segmenter",
                install_requires=[],
                extras_require={
                    "all": ["matplotlib", "onnx==1.16.0"],  # "not-a-requirement" in a comment
                    "dev": ["flake8"],
                },
            )
            """;

        Declared(("setup.py", setup)).Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
        Pinned(("setup.py", setup)).Summary.ShouldBe("1 of 3 requirements pinned; unpinned: matplotlib, flake8");
    }

    [Fact]
    public void SetupPyInstallRequiresNamingAModuleLevelList_DeclaredReadsThatList()
    {
        var result = Pinned(("setup.py", """
            from setuptools import setup

            REQUIRED_PACKAGES: list[str] = [
                "torch==2.3.0",
                "numpy>=1.26",
            ]

            setup(name="x", install_requires=REQUIRED_PACKAGES)
            """));

        result.Summary.ShouldBe("1 of 2 requirements pinned; unpinned: numpy>=1.26");
        result.Evidence.ShouldContain(e => e.Path == "setup.py" && e.Line == 5);
    }

    [Fact]
    public void SetupPyInstallRequiresLookedUpByName_ReadsTheTableItNames()
    {
        // Hugging Face's layout: one table of requirement strings, install_requires picks entries from it by name.
        var result = Pinned(("setup.py", """
            import re
            from setuptools import setup

            _deps = [
                "accelerate>=1.9.0",
                "evaluate==0.4.0",
                "black>=24.4.2",
                "wandb",
            ]
            deps = {b: a for a, b in (re.findall(r"^(([^!=<>~ ]+)(?:[!=<>~ ].*)?$)", x)[0] for x in _deps)}

            def deps_list(*pkgs):
                return [deps[pkg] for pkg in pkgs]

            install_requires = [
                deps["accelerate"],
                deps["evaluate"],
                *deps_list("wandb"),
            ]

            setup(name="x", install_requires=install_requires)
            """));

        // black is in the table but not installed; wandb has no version anywhere, so it stays a bare name
        result.Summary.ShouldBe("1 of 3 requirements pinned; unpinned: accelerate>=1.9.0, wandb");
    }

    [Fact]
    public void SetupPyWithComputedInstallRequires_DeclaredFails()
    {
        Declared(("setup.py", "from setuptools import setup\nsetup(install_requires=open('reqs').read().split())\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void SetupCfgInstallRequires_DeclaredHoldsWithIndentedLines()
    {
        var result = Declared(("setup.cfg", """
            [metadata]
            name = x

            [options]
            packages = find:
            install_requires =
                torch==2.3.0
                numpy>=1.26; python_version >= "3.10"
            python_requires = >=3.10

            [options.extras_require]
            dev = pytest
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 2 dependencies");
    }

    [Theory]
    [InlineData("environment.yml")]
    [InlineData("environment.yaml")]
    [InlineData("conda.yaml")]
    [InlineData("conda.yml")]
    [InlineData("envs/environment-gpu.yml")]
    [InlineData("env.yml")]
    [InlineData("conda_env.yml")]
    [InlineData("conda-environment.yaml")]
    public void CondaEnvironmentFiles_DeclaredHolds(string path)
    {
        var result = Declared((path, "name: x\ndependencies:\n  - python=3.11\n  - numpy\n  - pip\n  - pip:\n    - torch\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
    }

    [Fact]
    public void YamlWithACondaNameButNoDependencies_IsNotAManifest()
    {
        Declared(("conda.yaml", "channels: [conda-forge]\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void Pipfile_DeclaredHolds()
    {
        var result = Declared(("Pipfile", """
            [[source]]
            url = "https://pypi.org/simple"
            name = "pypi"
            [packages]
            torch = "*"
            numpy = {version = "==1.26.4"}
            [dev-packages]
            pytest = "==8.2.0"
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
    }

    [Fact]
    public void PixiToml_DeclaredHolds()
    {
        var result = Declared(("pixi.toml", """
            [workspace]
            channels = ["conda-forge"]
            platforms = ["linux-64"]
            [dependencies]
            python = "3.11.*"
            [pypi-dependencies]
            torch = ">=2"
            [feature.test.dependencies]
            pytest = "*"
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
    }

    [Fact]
    public void RenvLock_DeclaredAndPinnedHold()
    {
        var renv = ("renv.lock", """{"R": {"Version": "4.3.1"}, "Packages": {"dplyr": {"Package": "dplyr", "Version": "1.1.4"}, "ggplot2": {"Package": "ggplot2", "Version": "3.4.4"}}}""");

        var declared = Declared(renv);
        declared.Verdict.ShouldBe(Verdict.Holds);
        declared.Evidence.Single().Detail.ShouldBe("declares 2 dependencies");
        Pinned(renv).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void JuliaProjectToml_DeclaredHoldsButPinnedNeedsManifest()
    {
        var project = ("Project.toml", """
            name = "Trainer"
            uuid = "8f4d0f93-b110-5947-807f-2305c1781a2d"
            [deps]
            Flux = "587475ba-b771-5e3f-ad9e-33799f191a9c"
            CSV = "336ed68f-0bac-5ca0-87d4-7b16caf5d00b"
            [compat]
            Flux = "0.14"
            """);

        Declared(project).Evidence.Single().Detail.ShouldBe("declares 2 dependencies");
        var pinned = Pinned(project);
        pinned.Verdict.ShouldBe(Verdict.DoesNotHold);
        pinned.Summary.ShouldContain("0 of 2 requirements pinned");
        Pinned(project, ("Manifest.toml", "julia_version = \"1.10.0\"\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void RDescription_DeclaredHoldsWithoutCountingR()
    {
        var result = Declared(("DESCRIPTION", """
            Package: trainer
            Version: 0.1.0
            Depends: R (>= 4.1)
            Imports:
                dplyr (>= 1.1.0),
                ggplot2,
                readr
            Suggests: testthat
            """));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.Single().Detail.ShouldBe("declares 3 dependencies");
    }

    [Fact]
    public void NoManifest_DeclaredFailsNamingWhatWasLookedFor()
    {
        var result = Declared(("README.md", "# x"), ("train.py", "import torch"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldStartWith("no dependency manifest found");
        result.Summary.ShouldContain("requirements*.txt");
    }

    [Fact]
    public void BrokenPyprojectAlone_DeclaredIsAnErrorNamingTheFile()
    {
        var result = Declared(("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"torch\"\n"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldStartWith("pyproject.toml could not be parsed: line 4: Unexpected end-of-file while parsing array");
    }

    [Fact]
    public void BrokenPyprojectBesideRequirements_DeclaredHoldsAndReportsTheBrokenFile()
    {
        var result = Declared(("pyproject.toml", "[project\n"), ("requirements.txt", "torch==2.3.0\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.ShouldContain(e => e.Path == "pyproject.toml" && e.Detail.StartsWith("could not be parsed: line 1:"));
    }

    [Fact]
    public void BinaryManifest_IsReportedNotCrashed()
    {
        var contents = new Dictionary<string, FileContent>
        {
            ["requirements.txt"] = FileContent.Decode("requirements.txt", [0x74, 0x00, 0x72], 3),
        };
        var result = Compile(DeclaredYaml).Evaluate(new CheckContext(RepositorySnapshot.FromContents("/repo", contents), null, "no history"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldBe("requirements.txt could not be read: binary");
    }

    // ---- pinned: requirement files ----

    [Fact]
    public void EveryRequirementPinned_PinnedHoldsAcrossSyntaxVariants()
    {
        var result = Pinned(("requirements.txt", """
            # Training stack
            --index-url https://download.pytorch.org/whl/cu121
            --extra-index-url https://pypi.org/simple
            -f https://data.pyg.org/whl/torch-2.3.0.html

            torch==2.3.0+cu121 ; sys_platform == "linux"
            transformers[torch,sentencepiece]==4.41.2
            numpy === 1.26.4
            pandas==2.2.2 \
                --hash=sha256:abc123 \
                --hash=sha256:def456
            scipy>=1.11 --hash=sha256:0123abcd
            Pillow==10.3.0  # imaging
            lib @ git+https://github.com/org/lib.git@0123456789abcdef0123456789abcdef01234567
            wheel-pkg @ https://example.com/pkg-1.0-py3-none-any.whl#sha256=0123abcd
            -e .
            ./vendor/localpkg
            """));

        result.Verdict.ShouldBe(Verdict.Holds, Details(result));
        result.Summary.ShouldBe("all 8 requirements pinned exactly");
        result.Evidence[0].Detail.ShouldBe("8 of 8 requirements pinned exactly");
    }

    [Fact]
    public void RequirementsWithOneRangePin_FailsAndCountsPinned()
    {
        var result = Pinned(("requirements.txt", "numpy==1.26.4\n\ntorch>=2.0\npandas==2.2.2\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("2 of 3 requirements pinned; unpinned: torch>=2.0");
        result.Evidence[0].ShouldBe(new Core.Model.Evidence("requirements.txt", null, null, "2 of 3 requirements pinned exactly"));
        result.Evidence[1].ShouldBe(new Core.Model.Evidence("requirements.txt", 3, null, "line 3: torch>=2.0 is not pinned"));
    }

    [Theory]
    [InlineData("numpy~=1.26")]
    [InlineData("numpy>=1.26")]
    [InlineData("numpy<2")]
    [InlineData("numpy!=1.25.0")]
    [InlineData("numpy==1.*")]
    [InlineData("numpy==1.26.*")]
    [InlineData("numpy")]
    [InlineData("numpy[extra]")]
    [InlineData("numpy>=1.26,<2")]
    [InlineData("lib @ git+https://github.com/org/lib.git@main")]
    [InlineData("lib @ https://example.com/lib-1.0.tar.gz")]
    [InlineData("git+https://github.com/org/lib.git#egg=lib")]
    [InlineData("-e git+https://github.com/org/lib.git@v1.0#egg=lib")]
    public void LooseRequirement_PinnedFails(string requirement)
    {
        var result = Pinned(("requirements.txt", $"torch==2.3.0\n{requirement}\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldStartWith("1 of 2 requirements pinned; unpinned: ");
    }

    [Theory]
    [InlineData("numpy==1.26.4")]
    [InlineData("numpy == 1.26.4")]
    [InlineData("NumPy==1.26.4; python_version < \"3.13\"")]
    [InlineData("numpy[extra1,extra2]==1.26.4")]
    [InlineData("numpy===1.26.4-custom")]
    [InlineData("numpy>=1.20,==1.26.4")]
    [InlineData("numpy --hash=sha256:0123456789abcdef")]
    [InlineData("-e git+https://github.com/org/lib.git@0123456789abcdef0123456789abcdef01234567#egg=lib")]
    public void ExactRequirement_PinnedHolds(string requirement)
    {
        Pinned(("requirements.txt", $"{requirement}\n")).Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void AllButTwoPinned_FailsListingBothWithLines()
    {
        var lines = Enumerable.Range(1, 12).Select(i => $"pkg{i}=={i}.0").ToList();
        lines.Insert(3, "torch>=2.0");
        lines.Add("numpy");
        var result = Pinned(("requirements.txt", string.Join("\n", lines)));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("12 of 14 requirements pinned; unpinned: torch>=2.0, numpy");
        result.Evidence.ShouldContain(e => e.Detail == "12 of 14 requirements pinned exactly");
        result.Evidence.ShouldContain(e => e.Line == 4 && e.Detail == "line 4: torch>=2.0 is not pinned");
        result.Evidence.ShouldContain(e => e.Line == 14 && e.Detail == "line 14: numpy is not pinned");
    }

    [Fact]
    public void ContinuationLine_IsReportedAtItsFirstLine()
    {
        var result = Pinned(("requirements.txt", "numpy==1.26.4\ntorch \\\n  >=2.0\n"));

        result.Evidence.ShouldContain(e => e.Line == 2 && e.Detail == "line 2: torch   >=2.0 is not pinned");
    }

    [Fact]
    public void ManyUnpinned_SummaryAndEvidenceStayShort()
    {
        var result = Pinned(("requirements.txt", string.Join("\n", Enumerable.Range(1, 50).Select(i => $"pkg{i}"))));

        result.Summary.ShouldBe("0 of 50 requirements pinned; unpinned: pkg1, pkg2, pkg3, pkg4, pkg5, ...");
        result.Evidence.Count.ShouldBeLessThanOrEqualTo(CheckContext.EvidenceLimit + 1);
    }

    [Fact]
    public void UnpinnedRequirementsAcrossFiles_AreCountedPerFile()
    {
        var result = Pinned(("requirements.txt", "torch==2.3.0\nnumpy\n"), ("requirements-dev.txt", "pytest>=8\nruff==0.4.0\n"));

        result.Summary.ShouldBe("2 of 4 requirements pinned; unpinned: pytest>=8, numpy");
        result.Evidence.ShouldContain(e => e.Path == "requirements.txt" && e.Detail == "1 of 2 requirements pinned exactly");
        result.Evidence.ShouldContain(e => e.Path == "requirements-dev.txt" && e.Detail == "1 of 2 requirements pinned exactly");
    }

    // ---- pinned: includes ----

    [Fact]
    public void IncludedRequirementFile_IsFollowedRelativeToTheIncludingFile()
    {
        var result = Pinned(
            ("ml/requirements.txt", "-r ../common/base.in\ntorch==2.3.0\n"),
            ("common/base.in", "numpy>=1.26\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("1 of 2 requirements pinned; unpinned: numpy>=1.26");
        result.Evidence.ShouldContain(e => e.Path == "common/base.in" && e.Line == 1 && e.Detail == "line 1: numpy>=1.26 is not pinned");
    }

    [Fact]
    public void IncludedFile_IsReportedAsIncludedWhenDeclared()
    {
        var result = Declared(("requirements.txt", "--requirement=base.in\n"), ("base.in", "numpy==1.26.4\n"));

        result.Evidence.ShouldContain(e => e.Path == "base.in" && e.Detail == "declares 1 requirement (included from requirements.txt)");
    }

    [Fact]
    public void IncludeCycle_IsReadOnce()
    {
        var result = Pinned(("requirements.txt", "-r requirements-dev.txt\nnumpy==1.26.4\n"), ("requirements-dev.txt", "-r requirements.txt\npytest==8.2.0\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Summary.ShouldBe("all 2 requirements pinned exactly");
    }

    [Fact]
    public void MissingAndEscapingIncludes_AreNotedWithoutChangingTheVerdict()
    {
        var result = Pinned(("requirements.txt", "-r missing.txt\n-r ../../outside.txt\n-r https://example.com/reqs.txt\nnumpy==1.26.4\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Evidence.ShouldContain(e => e.Line == 1 && e.Detail == "line 1: -r missing.txt was not found in the repository");
        result.Evidence.ShouldContain(e => e.Line == 2 && e.Detail == "line 2: -r ../../outside.txt was not found in the repository");
        result.Evidence.ShouldContain(e => e.Line == 3 && e.Detail.Contains("is a URL and was not followed"));
    }

    [Fact]
    public void ConstraintsFile_PinsBareRequirementsWithoutAddingToTheCount()
    {
        var result = Pinned(("requirements.txt", "-c constraints.txt\nnumpy\ntorch\n"), ("constraints.txt", "numpy==1.26.4\ntorch==2.3.0\nscipy==1.13.0\n"));

        result.Verdict.ShouldBe(Verdict.Holds, Details(result));
        result.Summary.ShouldBe("all 2 requirements pinned exactly");
        result.Evidence.ShouldContain(e => e.Path == "requirements.txt" && e.Detail == "2 of 2 requirements pinned exactly (2 through an exact pin in another file)");
    }

    [Fact]
    public void ConstraintsFileMissingAPin_Fails()
    {
        Pinned(("requirements.txt", "-c constraints.txt\nnumpy\ntorch\n"), ("constraints.txt", "numpy==1.26.4\ntorch<3\n"))
            .Summary.ShouldBe("1 of 2 requirements pinned; unpinned: torch");
    }

    // ---- pinned: lock files ----

    [Theory]
    [InlineData("poetry.lock")]
    [InlineData("uv.lock")]
    [InlineData("Pipfile.lock")]
    [InlineData("pdm.lock")]
    [InlineData("pixi.lock")]
    [InlineData("conda-lock.yml")]
    [InlineData("envs/gpu.conda-lock.yml")]
    [InlineData("conda-linux-64.lock")]
    [InlineData("locks/env-osx-arm64.lock")]
    [InlineData("Manifest.toml")]
    [InlineData("JuliaManifest.toml")]
    [InlineData("Manifest-v1.11.toml")]
    [InlineData("services/api/uv.lock")]
    public void LockFile_PinnedHoldsDespiteLooseRequirements(string lockPath)
    {
        var result = Pinned(("requirements.txt", "torch>=2\n"), (lockPath, "# generated\n"));

        result.Verdict.ShouldBe(Verdict.Holds);
        result.Summary.ShouldBe($"versions are locked in {lockPath}");
        result.Evidence.ShouldContain(e => e.Path == lockPath && e.Detail == "lock file");
    }

    [Fact]
    public void CondaExplicitSpecWithAnyLockName_CountsAsALock()
    {
        Pinned(("environment.yml", "dependencies: [numpy]\n"), ("env.lock", "# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/x.conda\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Theory]
    [InlineData("dvc.lock")]
    [InlineData("yarn.lock")]
    [InlineData("Cargo.lock")]
    [InlineData("data.lock")]
    public void NonPythonOrPipelineLock_DoesNotCount(string lockPath)
    {
        var result = Pinned(("requirements.txt", "torch>=2\n"), (lockPath, "schema: '2.0'\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("0 of 1 requirements pinned; unpinned: torch>=2");
    }

    // ---- pinned: other manifests ----

    [Fact]
    public void CondaEnvironmentWithExactVersions_PinnedHolds()
    {
        var result = Pinned(("environment.yml", """
            name: train
            channels: [pytorch, conda-forge]
            dependencies:
              - python=3.11.9
              - numpy==1.26.4
              - pytorch::pytorch=2.3.0=py3.11_cuda12.1_cudnn8.9.2_0
              - scipy 1.13.0
              - pip
              - pip:
                  - transformers==4.41.2
                  - --extra-index-url https://example.com/simple
            """));

        result.Verdict.ShouldBe(Verdict.Holds, Details(result));
        result.Summary.ShouldBe("all 5 requirements pinned exactly");
    }

    [Fact]
    public void CondaEnvironmentWithRangesAndBareNames_PinnedFailsWithLines()
    {
        var result = Pinned(("environment.yml", "dependencies:\n  - python=3.11.9\n  - numpy>=1.26\n  - pandas\n  - scikit-learn=1.4.*\n  - pip:\n    - torch~=2.3\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldBe("1 of 5 requirements pinned; unpinned: numpy>=1.26, pandas, scikit-learn=1.4.*, torch~=2.3");
        result.Evidence.ShouldContain(e => e.Path == "environment.yml" && e.Detail == "1 of 5 dependencies pinned exactly");
        result.Evidence.ShouldContain(e => e.Line == 3 && e.Detail == "line 3: numpy>=1.26 is not pinned");
        result.Evidence.ShouldContain(e => e.Line == 7 && e.Detail == "line 7: torch~=2.3 is not pinned");
    }

    [Theory]
    [InlineData("numpy=1.26.4", true)]         // conda env export --no-builds
    [InlineData("numpy=1.26.4=py311h64a7726_0", true)]
    [InlineData("numpy==1.26", true)]          // '==' is exact in conda
    [InlineData("numpy 1.26.4", true)]
    [InlineData("numpy=1.26", false)]          // a prefix match: any 1.26.x
    [InlineData("numpy=1", false)]
    public void CondaSingleEquals_PinsOnlyDownToThePatchLevel(string spec, bool pinned)
    {
        Pinned(("environment.yml", $"dependencies:\n  - {spec}\n")).Verdict.ShouldBe(pinned ? Verdict.Holds : Verdict.DoesNotHold);
    }

    [Fact]
    public void CondaEnvironmentPipSection_FollowsRequirementIncludes()
    {
        var result = Pinned(("env/environment.yml", "dependencies:\n  - python=3.11.9\n  - pip:\n    - -r requirements-pip.txt\n"), ("env/requirements-pip.txt", "torch>=2\n"));

        result.Summary.ShouldBe("1 of 2 requirements pinned; unpinned: torch>=2");
    }

    [Fact]
    public void PoetryCaretConstraints_PinnedFails_ExactVersionsHold()
    {
        Pinned(("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.10\"\ntorch = \"^2.3\"\nnumpy = \"~1.26\"\n"))
            .Summary.ShouldBe("0 of 2 requirements pinned; unpinned: torch ^2.3, numpy ~1.26");
        Pinned(("pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.10\"\ntorch = \"2.3.0\"\nnumpy = { version = \"==1.26.4\", extras = [\"x\"] }\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void PoetryProjectWithLock_PinnedHolds()
    {
        Pinned(("pyproject.toml", "[tool.poetry.dependencies]\ntorch = \"^2.3\"\n"), ("poetry.lock", "[[package]]\nname = \"torch\"\n"))
            .Verdict.ShouldBe(Verdict.Holds);
    }

    [Fact]
    public void PyprojectRangesCoveredByPinnedRequirements_PinnedHolds()
    {
        var result = Pinned(
            ("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"torch>=2\", \"Scikit_Learn>=1.4\"]\n"),
            ("requirements.txt", "-e .\ntorch==2.3.0\nscikit-learn==1.4.2\nthreadpoolctl==3.5.0\n"));

        result.Verdict.ShouldBe(Verdict.Holds, Details(result));
        result.Evidence.ShouldContain(e => e.Path == "pyproject.toml" && e.Detail == "2 of 2 dependencies pinned exactly (2 through an exact pin in another file)");
    }

    [Fact]
    public void PyprojectRangesWithoutPinsOrLock_PinnedFailsWithLines()
    {
        var result = Pinned(("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\n  \"torch==2.3.0\",\n  \"numpy>=1.26\",\n]\n"));

        result.Summary.ShouldBe("1 of 2 requirements pinned; unpinned: numpy>=1.26");
        result.Evidence.ShouldContain(e => e.Path == "pyproject.toml" && e.Line == 5);
    }

    [Fact]
    public void SetupPyRanges_PinnedFailsWithLines()
    {
        var result = Pinned(("setup.py", "from setuptools import setup\nsetup(\n    install_requires=[\n        \"torch==2.3.0\",\n        \"numpy>=1.26\",\n    ],\n)\n"));

        result.Summary.ShouldBe("1 of 2 requirements pinned; unpinned: numpy>=1.26");
        result.Evidence.ShouldContain(e => e.Path == "setup.py" && e.Line == 5 && e.Detail == "line 5: numpy>=1.26 is not pinned");
    }

    [Fact]
    public void SetupCfgRanges_PinnedFails()
    {
        Pinned(("setup.cfg", "[options]\ninstall_requires = torch==2.3.0\n    numpy\n"))
            .Summary.ShouldBe("1 of 2 requirements pinned; unpinned: numpy");
    }

    [Fact]
    public void PipfileWildcards_PinnedFails()
    {
        Pinned(("Pipfile", "[packages]\ntorch = \"*\"\nnumpy = \"==1.26.4\"\nlocal = { path = \".\", editable = true }\n"))
            .Summary.ShouldBe("1 of 2 requirements pinned; unpinned: torch *");
    }

    [Fact]
    public void PixiWithoutLock_PinnedJudgesCondaAndPypiSpecs()
    {
        Pinned(("pixi.toml", "[dependencies]\npython = \"3.11.9\"\nnumpy = \"==1.26.4\"\n[pypi-dependencies]\ntorch = \"==2.3.0\"\nlib = { git = \"https://x/lib\", rev = \"0123456789abcdef0123456789abcdef01234567\" }\n"))
            .Verdict.ShouldBe(Verdict.Holds);
        Pinned(("pixi.toml", "[dependencies]\npython = \"3.11.*\"\n"))
            .Summary.ShouldBe("0 of 1 requirements pinned; unpinned: python 3.11.*");
    }

    [Fact]
    public void RDescriptionWithoutRenvLock_PinnedFails()
    {
        Pinned(("DESCRIPTION", "Package: x\nImports: dplyr (>= 1.1.0), readr\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }

    [Fact]
    public void NothingDeclared_PinnedFails()
    {
        var result = Pinned(("train.py", "import torch\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldStartWith("no dependencies are declared");
    }

    [Fact]
    public void OnlyEmptyManifests_PinnedFails()
    {
        Pinned(("requirements.txt", "-e .\n")).Summary.ShouldBe("no lock file, and the manifests declare no dependencies to pin");
    }

    [Fact]
    public void BrokenPyprojectAlone_PinnedIsAnError()
    {
        var result = Pinned(("pyproject.toml", "[project]\ndependencies = [\"torch==2.3.0\"]\ndependencies = []\n"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldBe("pyproject.toml could not be parsed: line 3: duplicate key 'dependencies'");
    }

    [Fact]
    public void BrokenPyprojectBesidePinnedRequirements_PinnedIsAnErrorBecauseItMayHoldLooseOnes()
    {
        var result = Pinned(("pyproject.toml", "[project\n"), ("requirements.txt", "torch==2.3.0\n"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldStartWith("all 1 requirements read are pinned, but pyproject.toml could not be parsed: line 1:");
    }

    [Fact]
    public void BrokenPyprojectBesideLooseRequirements_PinnedFailsAndReportsIt()
    {
        var result = Pinned(("pyproject.toml", "[project\n"), ("requirements.txt", "torch\n"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Evidence.ShouldContain(e => e.Path == "pyproject.toml" && e.Detail.StartsWith("could not be parsed"));
    }

    [Fact]
    public void BrokenEnvironmentYaml_IsReportedNotThrown()
    {
        var result = Declared(("environment.yml", "dependencies: [numpy\n"));

        result.Verdict.ShouldBe(Verdict.Error);
        result.Summary.ShouldStartWith("environment.yml could not be parsed: line");
    }

    [Fact]
    public void HostileEnvironmentYaml_IsRefusedWithoutCrashing()
    {
        var deepFlow = "dependencies: " + new string('[', 200_000) + new string(']', 200_000);
        var deepBlock = "dependencies:\n" + string.Concat(Enumerable.Repeat("- ", 200_000)) + "x\n";
        foreach (var text in new[] { deepFlow, deepBlock })
        {
            var result = Declared(("environment.yml", text));
            result.Verdict.ShouldBe(Verdict.Error);
            result.Summary.ShouldStartWith("environment.yml could not be parsed: line ");
        }
    }

    // ---- both ----

    [Fact]
    public void DeclaredAndPinned_NothingDeclaredFailsOnTheDeclaration()
    {
        var result = Evaluate("dependencies: { declared: true, pinned: all }", ("README.md", "x"));

        result.Verdict.ShouldBe(Verdict.DoesNotHold);
        result.Summary.ShouldStartWith("no dependency manifest found");
    }

    [Fact]
    public void DeclaredAndPinned_BothSatisfiedHolds()
    {
        Evaluate("dependencies: { declared: true, pinned: all }", ("requirements.txt", "torch==2.3.0\n")).Verdict.ShouldBe(Verdict.Holds);
        Evaluate("dependencies: { declared: true, pinned: all }", ("requirements.txt", "torch\n")).Verdict.ShouldBe(Verdict.DoesNotHold);
    }
}
