using System.Globalization;

namespace RepoAudit.Core.Model;

/// <summary>The built-in categories, in report order, with their titles. Custom packs may add their own ids.</summary>
public static class Categories
{
    private static readonly (string Id, string Title)[] Known =
    [
        ("data", "Data management"),
        ("experiments", "Experiment tracking"),
        ("reproducibility", "Reproducibility"),
        ("ci", "CI and tests"),
        ("containerisation", "Containerisation"),
        ("documentation", "Documentation"),
        ("evaluation", "Evaluation and monitoring"),
        ("security", "Security"),
        ("hygiene", "Repository hygiene"),
    ];

    public static IEnumerable<string> KnownIds => Known.Select(category => category.Id);

    public static string Title(string id) =>
        Known.FirstOrDefault(category => category.Id == id).Title
        ?? CultureInfo.InvariantCulture.TextInfo.ToTitleCase(id.Replace('-', ' '));

    /// <summary>Sort key: built-in categories in their order, custom ones after them alphabetically.</summary>
    public static int Order(string id)
    {
        var index = Array.FindIndex(Known, category => category.Id == id);
        return index < 0 ? Known.Length : index;
    }
}
