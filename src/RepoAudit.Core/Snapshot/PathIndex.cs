using Microsoft.Extensions.FileSystemGlobbing;

namespace RepoAudit.Core.Snapshot;

/// <summary>
/// A set of repository paths prepared for glob matching. Most globs in rule packs have one of three plain shapes,
/// `**/*.ext`, `**/name` and a literal path, and those are answered from lookup tables; only the rest walk the folder tree
/// with the globbing library. On a repository of 100,000 files this is the difference between scanning every path for
/// each of the pack's hundred glob sets and a few dictionary lookups.
/// </summary>
internal sealed class PathIndex
{
    private const string VirtualRoot = "/repo";

    private readonly IReadOnlyList<string> _paths;
    private readonly Lazy<PathTree> _tree;
    private readonly Lazy<ILookup<string, string>> _byExtension;
    private readonly Lazy<ILookup<string, string>> _byName;
    private readonly Lazy<ILookup<string, string>> _byPath;

    public PathIndex(IEnumerable<string> paths)
    {
        _paths = paths as IReadOnlyList<string> ?? paths.ToArray();
        _tree = new Lazy<PathTree>(() => PathTree.Build(VirtualRoot, _paths));
        _byExtension = new Lazy<ILookup<string, string>>(() => _paths.ToLookup(path => Path.GetExtension(Name(path)), StringComparer.OrdinalIgnoreCase));
        _byName = new Lazy<ILookup<string, string>>(() => _paths.ToLookup(Name, StringComparer.OrdinalIgnoreCase));
        _byPath = new Lazy<ILookup<string, string>>(() => _paths.ToLookup(path => path, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The paths matching any of the globs (already normalised: no trailing '/', no leading './'), in ordinal order.</summary>
    public IReadOnlyList<string> Match(IReadOnlyCollection<string> globs)
    {
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var general = new List<string>();
        foreach (var glob in globs)
        {
            if (!TryLookup(glob, matched))
            {
                general.Add(glob);
            }
        }

        if (general.Count > 0)
        {
            var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
            matcher.AddIncludePatterns(general);
            matched.UnionWith(matcher.Execute(_tree.Value).Files.Select(file => file.Path));
        }

        return matched.Order(StringComparer.Ordinal).ToArray();
    }

    private bool TryLookup(string glob, HashSet<string> matched)
    {
        if (glob.StartsWith("**/", StringComparison.Ordinal) && glob.IndexOf('/', 3) < 0)
        {
            var name = glob[3..];
            if (name.StartsWith('*') && !HasWildcard(name[1..]) && Path.GetExtension(name[1..]) is { Length: > 1 } extension)
            {
                // "*.tar.gz": look up by the last extension, then check the whole suffix.
                var suffix = name[1..];
                matched.UnionWith(_byExtension.Value[extension].Where(path => path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)));
                return true;
            }

            if (!HasWildcard(name))
            {
                matched.UnionWith(_byName.Value[name]);
                return true;
            }

            return false;
        }

        if (!HasWildcard(glob))
        {
            matched.UnionWith(_byPath.Value[glob]);
            return true;
        }

        return false;
    }

    private static bool HasWildcard(string text) => text.AsSpan().IndexOfAny("*?[]{}") >= 0;

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
