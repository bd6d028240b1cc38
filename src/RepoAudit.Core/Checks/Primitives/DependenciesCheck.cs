using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>`dependencies: { declared: true, pinned: all }`: the manifests and lock files satisfy the condition.</summary>
public sealed class DependenciesCheck : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node) => throw new NotImplementedException();

    public CheckResult Evaluate(CheckContext context) => throw new NotImplementedException();
}
