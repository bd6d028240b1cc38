using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `calls: { files?, exclude?, name, keyword?, argument?, min_files? }` holds when at least min_files files make a
/// call whose name, as written or as resolved through the file's imports, matches one of the dotted patterns in
/// `name` (`*` one segment, `**` any number: `**.fit`), and whose arguments meet `keyword` (a keyword argument) and
/// `argument` (a positional one) when they are given (<see cref="ArgumentCondition"/>). Comments, docstrings and
/// strings never count. Default files: the code files.
/// </summary>
public sealed class CallsCheck(FileScope scope, IReadOnlyList<NamePattern> names, IReadOnlyList<ArgumentCondition> conditions) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "calls", [.. FileScope.ArgumentNames, "name", "keyword", "argument"], ["name"]);
        var names = reader.StringList(args["name"].Value, "'calls.name'")
            .Select(text => NamePattern.TryParse(text, out var problem) ?? throw reader.Error(args["name"].Value, $"'calls.name': {problem}"))
            .ToArray();
        return new CallsCheck(
            FileScope.Read(reader, args, "calls", CodeLanguages.FileGlobs),
            names,
            [
                .. args.TryGetValue("keyword", out var keyword) ? [ArgumentCondition.ParseKeyword(reader, keyword.Value, "calls.keyword")] : Array.Empty<ArgumentCondition>(),
                .. args.TryGetValue("argument", out var argument) ? [ArgumentCondition.ParsePositional(reader, argument.Value, "calls.argument")] : Array.Empty<ArgumentCondition>(),
            ]);
    }

    public CheckResult Evaluate(CheckContext context)
    {
        var lookingFor = $"no call to {EvidenceList.Some(names.Select(n => n.Text).ToArray())}{(conditions.Count == 0 ? "" : " with " + string.Join(" and ", conditions.Select(c => c.Description)))}";
        return scope.Search(context, this, lookingFor, path =>
        {
            var views = context.Snapshot.Code(path, out var problem);
            return views is null ? (null, problem) : (FirstCall(path, views), null);
        });
    }

    /// <summary>
    /// The matching call on the earliest line (the first of them in the view's order, as MinBy would pick). Written as
    /// loops because every calls check runs over every call of every code file: lambdas that capture the call allocated
    /// two closures per call and check.
    /// </summary>
    private Evidence? FirstCall(string path, IReadOnlyList<CodeView> views)
    {
        foreach (var view in views)
        {
            CodeCall? hit = null;
            foreach (var call in view.Calls)
            {
                if (Matches(call) && (hit is null || call.Line < hit.Line))
                {
                    hit = call;
                }
            }

            if (hit is not null)
            {
                return FileScope.At(path, view.Cell, hit.Line, hit.Text);
            }
        }

        return null;
    }

    private bool Matches(CodeCall call)
    {
        foreach (var name in names)
        {
            if (name.Matches(call))
            {
                foreach (var condition in conditions)
                {
                    if (!condition.Holds(call))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
