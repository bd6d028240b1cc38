using System.Text;
using System.Text.Json;

namespace RepoAudit.Core.Snapshot;

/// <summary>One notebook cell: its kind, source, how many outputs it carries and its execution count.</summary>
public sealed record NotebookCell(int Index, string Type, string Source, int OutputCount, int? ExecutionCount);

/// <summary>
/// A Jupyter notebook read as JSON (nbformat 4, and nbformat 3's worksheets). Never executed, only read.
/// </summary>
public sealed record Notebook(IReadOnlyList<NotebookCell> Cells)
{
    public IEnumerable<NotebookCell> CodeCells => Cells.Where(cell => cell.Type == "code");

    /// <summary>The language of the code cells as the metadata names it (`python`, `R`, `julia`), or null.</summary>
    public string? Language { get; init; }

    /// <summary>Parses a notebook; returns null with the problem when the JSON is not a notebook.</summary>
    public static Notebook? Parse(string json, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 256 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the notebook is not a JSON object";
                return null;
            }

            JsonElement cells;
            if (root.TryGetProperty("cells", out var v4Cells) && v4Cells.ValueKind == JsonValueKind.Array)
            {
                cells = v4Cells;
            }
            else if (root.TryGetProperty("worksheets", out var sheets) && sheets.ValueKind == JsonValueKind.Array
                     && sheets.GetArrayLength() > 0 && sheets[0].TryGetProperty("cells", out var v3Cells)
                     && v3Cells.ValueKind == JsonValueKind.Array)
            {
                cells = v3Cells;
            }
            else
            {
                problem = "the notebook has no 'cells' list";
                return null;
            }

            var result = new List<NotebookCell>();
            foreach (var cell in cells.EnumerateArray())
            {
                if (cell.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var type = cell.TryGetProperty("cell_type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "unknown";
                var source = ReadSource(cell, "source") ?? ReadSource(cell, "input") ?? "";
                var outputs = cell.TryGetProperty("outputs", out var o) && o.ValueKind == JsonValueKind.Array ? o.GetArrayLength() : 0;
                int? count = null;
                if ((cell.TryGetProperty("execution_count", out var c) || cell.TryGetProperty("prompt_number", out c))
                    && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n))
                {
                    count = n;
                }

                result.Add(new NotebookCell(result.Count + 1, type, source, outputs, count));
            }

            problem = null;
            return new Notebook(result) { Language = ReadLanguage(root) };
        }
        catch (JsonException ex)
        {
            problem = $"invalid notebook JSON: {ex.Message}";
            return null;
        }
    }

    private static string? ReadLanguage(JsonElement root)
    {
        if (!root.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var (section, property) in new[] { ("language_info", "name"), ("kernelspec", "language") })
        {
            if (metadata.TryGetProperty(section, out var info) && info.ValueKind == JsonValueKind.Object
                && info.TryGetProperty(property, out var name) && name.ValueKind == JsonValueKind.String)
            {
                return name.GetString();
            }
        }

        return null;
    }

    private static string? ReadSource(JsonElement cell, string property)
    {
        if (!cell.TryGetProperty(property, out var source))
        {
            return null;
        }

        switch (source.ValueKind)
        {
            case JsonValueKind.String:
                return source.GetString();
            case JsonValueKind.Array:
                var sb = new StringBuilder();
                foreach (var line in source.EnumerateArray())
                {
                    if (line.ValueKind == JsonValueKind.String)
                    {
                        sb.Append(line.GetString());
                    }
                }

                return sb.ToString();
            default:
                return null;
        }
    }
}
