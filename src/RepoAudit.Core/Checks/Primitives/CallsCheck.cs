using RepoAudit.Core.Code;
using RepoAudit.Core.Model;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Core.Checks.Primitives;

/// <summary>
/// `calls: { files?, exclude?, name, keyword?, argument?, any_argument?, min_files? }` holds when at least min_files files make a
/// call whose name, as written or as resolved through the file's imports, matches one of the dotted patterns in
/// `name` (`*` one segment, `**` any number: `**.fit`), and whose arguments meet `keyword` (a keyword argument, or a list
/// of them) and
/// `argument` (a positional one) when they are given (<see cref="ArgumentCondition"/>). Comments, docstrings and
/// strings never count. Default files: the code files.
/// </summary>
public sealed class CallsCheck(FileScope scope, IReadOnlyList<NamePattern> names, IReadOnlyList<ArgumentCondition> conditions) : ICheck
{
    public static ICheck Parse(CheckReader reader, YamlNode node)
    {
        var args = reader.Arguments(node, "calls", [.. FileScope.ArgumentNames, "name", "keyword", "argument", "any_argument"], ["name"]);
        var names = reader.StringList(args["name"].Value, "'calls.name'")
            .Select(text => NamePattern.TryParse(text, out var problem) ?? throw reader.Error(args["name"].Value, $"'calls.name': {problem}"))
            .ToArray();
        return new CallsCheck(
            FileScope.Read(reader, args, "calls", CodeLanguages.FileGlobs),
            names,
            [
                .. args.TryGetValue("keyword", out var keyword) ? Keywords(reader, keyword.Value) : [],
                .. args.TryGetValue("argument", out var argument) ? [ArgumentCondition.ParsePositional(reader, argument.Value, "calls.argument")] : Array.Empty<ArgumentCondition>(),
                .. args.TryGetValue("any_argument", out var anyArgument) ? [ArgumentCondition.ParseAny(reader, anyArgument.Value, "calls.any_argument")] : Array.Empty<ArgumentCondition>(),
            ]);
    }

    // `keyword` is one condition, or a list of them that the same call must all meet (repo_type and revision).
    private static IEnumerable<ArgumentCondition> Keywords(CheckReader reader, YamlNode node) => node is YamlSequenceNode
        ? reader.Doc.Sequence(node, "'calls.keyword'").Children.Select(item => ArgumentCondition.ParseKeyword(reader, item, "calls.keyword")).ToArray()
        : [ArgumentCondition.ParseKeyword(reader, node, "calls.keyword")];

    public CheckResult Evaluate(CheckContext context)
    {
        var lookingFor = $"no call to {EvidenceList.Some(names.Select(n => n.Text).ToArray())}{(conditions.Count == 0 ? "" : " with " + string.Join(" and ", conditions.Select(c => c.Description)))}";
        return scope.Search(context, this, lookingFor, path =>
        {
            var views = context.Snapshot.Code(path, out var problem);
            return views is null ? (null, problem) : (FirstCall(path, views), null);
        });
    }

    // The segments that the names of matching calls end in, when every pattern names one: only the calls that end in
    // one of them are looked at (CodeView.CallsEndingIn); null when a pattern ends in `*` or `**`.
    private readonly string[]? _lastSegments = names.All(name => name.LastSegment is not null)
        ? names.Select(name => name.LastSegment!).Distinct(StringComparer.Ordinal).ToArray()
        : null;

    /// <summary>
    /// The matching call on the earliest line (of those, the first in the view's order, as MinBy would pick). Every
    /// calls check runs over every code file, so it looks only at the calls whose names end in a segment that one of
    /// its patterns ends in, and without closures.
    /// </summary>
    private Evidence? FirstCall(string path, IReadOnlyList<CodeView> views)
    {
        foreach (var view in views)
        {
            var calls = view.Calls;
            var hit = -1;
            if (_lastSegments is null)
            {
                for (var at = 0; at < calls.Count; at++)
                {
                    Consider(at);
                }
            }
            else
            {
                foreach (var segment in _lastSegments)
                {
                    foreach (var at in view.CallsEndingIn(segment))
                    {
                        Consider(at);
                    }
                }
            }

            if (hit >= 0)
            {
                return FileScope.At(path, view.Cell, calls[hit].Line, calls[hit].Text);
            }

            void Consider(int at)
            {
                if (Matches(calls[at]) && (hit < 0 || calls[at].Line < calls[hit].Line || (calls[at].Line == calls[hit].Line && at < hit)))
                {
                    hit = at;
                }
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
