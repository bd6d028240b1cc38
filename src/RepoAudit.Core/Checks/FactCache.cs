using System.Collections.Concurrent;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Facts a check derived from a file's content at a path, kept so that audits of several commits of one repository
/// (trend) compute each fact once. The key is the owner, the content's name (a blob id, with the file mode where it
/// matters) and the path, as separate parts: a lookup builds no key string. A scan uses a fresh cache per audit, so
/// nothing outlives it. Thread-safe.
/// </summary>
public sealed class FactCache
{
    private readonly ConcurrentDictionary<(object Owner, string Content, string Path), object> _facts = new();

    public bool TryGet<T>(object owner, string content, string path, out T value)
    {
        if (_facts.TryGetValue((owner, content, path), out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set<T>(object owner, string content, string path, T value) where T : notnull => _facts[(owner, content, path)] = value;
}
