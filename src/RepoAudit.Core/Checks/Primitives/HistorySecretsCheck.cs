using System.Text;
using System.Text.RegularExpressions;
using RepoAudit.Core.Git;
using RepoAudit.Core.Model;
using RepoAudit.Core.Snapshot;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `history_secrets: { patterns, files, allow, max_size, exclude }` holds when no text blob reachable from HEAD contains a secret
/// and no secret file (a private key, a `.env` with values) was ever committed. Each blob is read once, by id, through
/// one `git cat-file --batch`; binaries and blobs over max_size are skipped. Secrets are always redacted in evidence.
/// </summary>
public sealed class HistorySecretsCheck(
    IReadOnlyList<HistorySecretsCheck.SecretPattern> patterns,
    IReadOnlyList<HistorySecretsCheck.SecretFile> files,
    IReadOnlyList<RulePattern> allow,
    long maxSize,
    IReadOnlyList<string> exclude) : ICheck
{
    /// <summary>A secret format; the named group `secret` (or the whole match) is the value that is judged and redacted.</summary>
    public sealed record SecretPattern(string Id, RulePattern Regex, double MinEntropy);

    /// <summary>A file that must never be committed: by glob, optionally only when its content matches.</summary>
    public sealed record SecretFile(IReadOnlyList<string> Globs, IReadOnlyList<string> Exclude, RulePattern? Pattern);

    private static readonly HashSet<string> BinaryExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".tar",
        ".pt", ".pth", ".ckpt", ".h5", ".hdf5", ".pkl", ".pickle", ".joblib", ".onnx", ".npy", ".npz", ".parquet",
        ".safetensors", ".tfrecord", ".so", ".dll", ".exe", ".whl", ".jar", ".mp3", ".mp4", ".wav", ".ttf", ".woff", ".woff2",
    };

    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "history_secrets", ["patterns", "files", "allow", "max_size", "exclude"], []);
        var patterns = new List<SecretPattern>();
        if (args.TryGetValue("patterns", out var patternList))
        {
            foreach (var item in reader.Doc.Sequence(patternList.Value, "'history_secrets.patterns'").Children)
            {
                if (item is YamlScalarNode)
                {
                    patterns.Add(new SecretPattern("secret", reader.Regex(item, "a secret pattern"), 0));
                    continue;
                }

                var fields = reader.Arguments(item, "history_secrets.patterns item", ["id", "regex", "min_entropy"], ["id", "regex"]);
                patterns.Add(new SecretPattern(
                    reader.String(fields["id"].Value, "'id'"),
                    reader.Regex(fields["regex"].Value, "'regex'"),
                    fields.TryGetValue("min_entropy", out var entropy) ? reader.Doc.Number(entropy.Value, "'min_entropy'") : 0));
            }
        }

        var secretFiles = new List<SecretFile>();
        if (args.TryGetValue("files", out var fileList))
        {
            foreach (var item in reader.Doc.Sequence(fileList.Value, "'history_secrets.files'").Children)
            {
                if (item is YamlScalarNode)
                {
                    secretFiles.Add(new SecretFile(reader.Globs(item, "a secret file glob"), [], null));
                    continue;
                }

                var fields = reader.Arguments(item, "history_secrets.files item", ["glob", "exclude", "pattern"], ["glob"]);
                secretFiles.Add(new SecretFile(
                    reader.Globs(fields["glob"].Value, "'glob'"),
                    fields.TryGetValue("exclude", out var exclude) ? reader.Globs(exclude.Value, "'exclude'") : [],
                    fields.TryGetValue("pattern", out var pattern) ? reader.Regex(pattern.Value, "'pattern'") : null));
            }
        }

        if (patterns.Count == 0 && secretFiles.Count == 0)
        {
            throw reader.Error(node, "'history_secrets' needs 'patterns', 'files' or both");
        }

        var allow = args.TryGetValue("allow", out var allowList)
            ? reader.StringList(allowList.Value, "'history_secrets.allow'").Select(text =>
                RulePattern.TryCompile(text, out var problem) ?? throw reader.Error(allowList.Value, $"'history_secrets.allow': {problem}")).ToArray()
            : [];
        var maxSize = args.TryGetValue("max_size", out var max) ? reader.Size(max.Value, "'history_secrets.max_size'") : 1L << 20;
        var templates = args.TryGetValue("exclude", out var excluded) ? reader.Globs(excluded.Value, "'history_secrets.exclude'") : [];
        return new HistorySecretsCheck(patterns, secretFiles, allow, maxSize, templates);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        if (context.History is not { } history)
        {
            return CheckResult.Unknown(context.HistoryUnavailableReason!);
        }

        var inventory = history.Blobs;
        var readable = inventory.Present
            .Where(blob => blob.Size <= maxSize && !BinaryExtensions.Contains(Path.GetExtension(blob.Path)))
            .ToArray();
        // Templates that document which secrets to set (.env.example) are meant to be committed: not scanned at all.
        var templates = new HashSet<string>(Globs.Match(exclude, readable.Select(blob => blob.Path).Distinct()), StringComparer.Ordinal);
        var blobs = readable.Where(blob => !templates.Contains(blob.Path)).ToArray();
        var paths = blobs.Select(blob => blob.Path).Distinct().ToArray();
        var fileRules = files.Select(rule =>
        {
            var excluded = new HashSet<string>(Globs.Match(rule.Exclude, paths), StringComparer.Ordinal);
            var matched = Globs.Match(rule.Globs, paths).Where(path => !excluded.Contains(path));
            return (Rule: rule, Paths: new HashSet<string>(matched, StringComparer.Ordinal));
        }).ToArray();

        var byOid = blobs.GroupBy(blob => blob.Oid).ToDictionary(group => group.Key, group => group.First(), StringComparer.Ordinal);
        // Each blob is scanned once per path it was seen at, also across the commits a trend audits.
        static string FactKey(HistoryBlob blob) => $"{blob.Oid}\n{blob.Path}";
        var unscanned = byOid.Values.Where(blob => !context.Facts.TryGet<Evidence[]>(this, FactKey(blob), out _)).Select(blob => blob.Oid).ToArray();
        history.ReadBlobs(unscanned, (oid, bytes) =>
        {
            var blob = byOid[oid];
            context.Facts.Set(this, FactKey(blob), FileContent.IsBinary(bytes) ? [] : Scan(blob, Encoding.UTF8.GetString(bytes), fileRules).ToArray());
        });

        var findings = new List<Evidence>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in byOid.Values)
        {
            if (!context.Facts.TryGet<Evidence[]>(this, FactKey(blob), out var found))
            {
                continue; // git does not have it
            }

            foreach (var finding in found.Where(finding => seen.Add($"{blob.Path}\n{finding.Detail}")))
            {
                findings.Add(finding with { Commit = history.Provenance(blob.Oid).AddedIn });
            }
        }

        var scope = $"{EvidenceList.Plural(byOid.Count, "text blob")} reachable from HEAD";
        if (findings.Count > 0)
        {
            var files = findings.Select(finding => finding.Path).Distinct().Count();
            return CheckResult.Fails($"{EvidenceList.Plural(findings.Count, "secret")} in {EvidenceList.Plural(files, "file")} of git history", EvidenceList.Capped(findings));
        }

        if (inventory.MissingOids.Count > 0)
        {
            // Unscanned blobs may hold the very secret this rule looks for: no verdict rather than a false all-clear.
            return MissingBlobs.Unknown(history, "so it was not scanned", $"could not be scanned (no secrets in the {scope})");
        }

        return CheckResult.Holds($"no secrets in {scope}");
    }

    private IEnumerable<Evidence> Scan(HistoryBlob blob, string text, IEnumerable<(SecretFile Rule, HashSet<string> Paths)> fileRules)
    {
        foreach (var (rule, _) in fileRules.Where(fileRule => fileRule.Paths.Contains(blob.Path)))
        {
            if (rule.Pattern is null)
            {
                yield return new Evidence(blob.Path, null, null, "secret file committed");
            }
            else if (rule.Pattern.Match(text) is { Success: true } match)
            {
                yield return new Evidence(blob.Path, Patterns.LineAt(text, match.Index), null, $"secret file committed with values ({Redact(match.Value)})");
            }
        }

        foreach (var pattern in patterns)
        {
            foreach (var match in pattern.Regex.Matches(text))
            {
                var secretGroup = match.Groups["secret"];
                var secret = secretGroup.Success ? secretGroup.Value : match.Value;
                if (allow.Any(regex => regex.IsMatch(secret)) || Entropy(secret) < pattern.MinEntropy)
                {
                    continue;
                }

                yield return new Evidence(blob.Path, Patterns.LineAt(text, match.Index), null, $"{pattern.Id}: {Redact(secret)}");
                break; // one finding per pattern and blob is enough to act on
            }
        }
    }

    /// <summary>Shows enough of a secret to find it (its first four characters and its length), never the secret.</summary>
    public static string Redact(string secret)
    {
        var visible = secret.Length >= 12 ? secret[..4] : "";
        return $"{visible}{new string('*', 8)} ({secret.Length} chars, redacted)";
    }

    /// <summary>Shannon entropy in bits per character: random tokens score high, words and placeholders low.</summary>
    public static double Entropy(string value)
    {
        if (value.Length == 0)
        {
            return 0;
        }

        return value.GroupBy(c => c).Sum(group =>
        {
            var p = group.Count() / (double)value.Length;
            return -p * Math.Log2(p);
        });
    }
}
