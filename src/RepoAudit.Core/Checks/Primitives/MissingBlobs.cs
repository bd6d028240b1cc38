using RepoAudit.Core.Git;
using RepoAudit.Core.Model;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// The one way history checks answer when blobs they need are not in the object store (a partial clone, or damage):
/// no verdict, with the first few blobs named by path and commit and the way to get them back.
/// </summary>
internal static class MissingBlobs
{
    public static CheckResult Unknown(GitHistory history, string consequence, string whatCouldNotBeDone, IReadOnlyList<string>? missingOids = null)
    {
        var missing = missingOids ?? history.Blobs.MissingOids;
        var named = missing.Take(10).ToArray();
        var provenanceOf = history.Provenances(named);
        var evidence = named.Select(oid =>
        {
            var provenance = provenanceOf[oid];
            return new Evidence(provenance.Path, null, provenance.AddedIn, $"blob {oid[..Math.Min(12, oid.Length)]} is {history.MissingBlobsWhere}, {consequence}");
        });
        return CheckResult.Unknown(
            $"{EvidenceList.Plural(missing.Count, "blob")} {history.MissingBlobsWhere} {whatCouldNotBeDone}; {history.MissingBlobsRemedy}",
            evidence.ToArray());
    }
}
