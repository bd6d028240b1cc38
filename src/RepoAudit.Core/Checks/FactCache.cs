using System.Collections.Concurrent;

namespace RepoAudit.Core.Checks;

/// <summary>
/// Facts a check derived from content-addressed input (a blob id), kept so that audits of several commits of one
/// repository (trend) compute each fact once. A scan uses a fresh cache per audit, so nothing outlives it.
/// Thread-safe.
/// </summary>
public sealed class FactCache
{
    private readonly ConcurrentDictionary<(object Owner, string Key), object> _facts = new();

    public bool TryGet<T>(object owner, string key, out T value)
    {
        if (_facts.TryGetValue((owner, key), out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set<T>(object owner, string key, T value) where T : notnull => _facts[(owner, key)] = value;
}
