using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>`exists: [globs]` holds when a file (or, for globs ending in '/', a folder) matches any glob.</summary>
public sealed class ExistsCheck(IReadOnlyList<string> globs) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => new ExistsCheck(reader.Globs(node, "'exists'"));

    public CheckResult Evaluate(CheckContext context)
    {
        var folders = context.MatchFolders(globs);
        var files = context.MatchFiles(globs.Where(glob => !Snapshot.Globs.IsFolderGlob(glob)).ToArray());
        var found = folders.Select(folder => folder + "/").Concat(files).ToArray();
        if (found.Length == 0)
        {
            return CheckResult.Fails($"none found of {EvidenceList.Some(globs)}");
        }

        var evidence = EvidenceList.Capped(found.Select(path => Evidence.File(path, "found")), 10);
        return CheckResult.Holds($"found {found[0]}{(found.Length > 1 ? $" and {found.Length - 1} more" : "")}", evidence);
    }
}
