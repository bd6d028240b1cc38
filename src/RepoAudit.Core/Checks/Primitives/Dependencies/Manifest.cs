namespace RepoAudit.Core.Checks.Primitives.Dependencies;

/// <summary>Where a package name lives: a pin can only vouch for the same package in the same ecosystem.</summary>
internal enum Ecosystem
{
    /// <summary>PyPI and conda packages, which share most names (numpy, pandas, ...).</summary>
    Python,
    R,
    Julia,
}

/// <summary>One declared dependency: its name, what was written (for evidence), where, and whether it pins one exact version.</summary>
internal sealed record Dependency(string Name, string Text, int? Line, bool Pinned, Ecosystem Ecosystem = Ecosystem.Python)
{
    /// <summary>The name as package indexes compare it (PEP 503: case and runs of -_. do not matter).</summary>
    public (Ecosystem, string) Key { get; } = (Ecosystem, Requirements.Normalize(Name));
}

/// <summary>A dependency manifest as read, or the problem that stopped it being read.</summary>
internal sealed record Manifest(string Path, IReadOnlyList<Dependency> Dependencies)
{
    /// <summary>"requirement" for pip requirement files, "dependency" elsewhere (for evidence wording).</summary>
    public string Noun { get; init; } = "dependency";

    /// <summary>
    /// The file exists only to list dependencies (requirements.txt, environment.yml, Pipfile, renv.lock), so it declares
    /// them even when it lists none itself (say, only `-e .`). Multi-purpose files (pyproject.toml, setup.py) need one.
    /// </summary>
    public bool Dedicated { get; init; }

    /// <summary>A pip constraints file (`-c`): its pins apply to requirements declared elsewhere, it declares none.</summary>
    public bool ConstraintsOnly { get; init; }

    /// <summary>The requirement file that pulled this one in with `-r`/`-c`, when it was not found on its own.</summary>
    public string? IncludedFrom { get; init; }

    /// <summary>The `-r`/`-c` files it pulls in (requirement files, and the pip section of conda environments).</summary>
    public IReadOnlyList<Requirements.Include> Includes { get; init; } = [];

    /// <summary>Why the file could not be read or parsed; null when it was.</summary>
    public string? Problem { get; init; }

    public string Plural(int count) => count == 1 ? $"1 {Noun}" : $"{count} {(Noun == "dependency" ? "dependencies" : Noun + "s")}";

    public static Manifest Broken(string path, string problem) => new(path, []) { Problem = problem };
}
