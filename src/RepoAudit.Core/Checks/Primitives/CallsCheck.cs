using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `calls: { files?, exclude?, name, keyword?, min_files? }` holds when at least min_files files make a call whose
/// name, as written or as resolved through the file's imports, matches one of the dotted patterns in `name` (`*` one
/// segment, `**` any number: `**.fit`), and, when `keyword` is given, whose keyword argument meets it
/// (<see cref="KeywordCondition"/>). Comments, docstrings and strings never count. Default files: the code files.
/// </summary>
public sealed class CallsCheck(FileScope scope, IReadOnlyList<NamePattern> names, KeywordCondition? keyword) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "calls", [.. FileScope.ArgumentNames, "name", "keyword"], ["name"]);
        var names = reader.StringList(args["name"].Value, "'calls.name'")
            .Select(text => NamePattern.TryParse(text, out var problem) ?? throw reader.Error(args["name"].Value, $"'calls.name': {problem}"))
            .ToArray();
        return new CallsCheck(
            FileScope.Read(reader, args, "calls", CodeLanguages.FileGlobs),
            names,
            args.TryGetValue("keyword", out var keyword) ? KeywordCondition.Parse(reader, keyword.Value, "calls.keyword") : null);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var lookingFor = $"no call to {EvidenceList.Some(names.Select(n => n.Text).ToArray())}{(keyword is null ? "" : $" with {keyword.Description}")}";
        return scope.Search(context, this, lookingFor, path =>
        {
            var views = context.Snapshot.Code(path, out var problem);
            return views is null ? (null, problem) : (FirstCall(path, views), null);
        });
    }

    private Evidence? FirstCall(string path, IReadOnlyList<CodeView> views)
    {
        foreach (var view in views)
        {
            var hit = view.Calls
                .Where(call => names.Any(name => name.Matches(call)) && (keyword is null || keyword.Holds(call)))
                .MinBy(call => call.Line);
            if (hit is not null)
            {
                return FileScope.At(path, view.Cell, hit.Line, hit.Text);
            }
        }

        return null;
    }
}
