namespace RepoAudit.Core.Text;

/// <summary>A small TOML reader for manifests (pyproject.toml, Pipfile, pixi.toml, Project.toml).</summary>
public static class Toml
{
    /// <summary>Parses TOML into a <see cref="DataNode"/> tree; throws <see cref="FormatException"/> naming the line.</summary>
    public static DataNode Parse(string text) => throw new NotImplementedException();
}
