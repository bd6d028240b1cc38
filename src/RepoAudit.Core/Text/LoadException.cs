namespace RepoAudit.Core.Text;

/// <summary>
/// A rule pack or config that cannot be used. The message always names the file, line and column
/// (`file:line:column: what is wrong`) so that the user can go straight to the problem.
/// </summary>
public sealed class LoadException(string file, int line, int column, string problem)
    : Exception($"{file}:{line}:{column}: {problem}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public string Problem { get; } = problem;
}

/// <summary>Something in a rule pack that loads but should be mended; `rules validate` prints these.</summary>
public sealed record LoadWarning(string File, int Line, int Column, string Problem)
{
    public override string ToString() => $"{File}:{Line}:{Column}: warning: {Problem}";
}
