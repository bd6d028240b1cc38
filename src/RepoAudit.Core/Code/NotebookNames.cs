namespace RepoAudit.Core.Code;

/// <summary>
/// The names a notebook's cells have imported so far. A kernel runs the cells top to bottom in one namespace, so a call
/// in cell 9 (`tfds.load(...)`) resolves through an import in cell 4 (`import tensorflow_datasets as tfds`). One
/// instance is handed to each cell's reader in order; it holds at most <see cref="StructureReader.MaxAliases"/> names,
/// the bound of a single file, so a hostile notebook of many cells costs bounded memory like one file.
/// </summary>
public sealed class NotebookNames
{
    internal Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);
}
