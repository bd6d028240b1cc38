using System.Text.Json.Nodes;

namespace RepoAudit.Core.Checks;

/// <summary>
/// The shape of a value in a rule file, as the docs and the JSON Schema describe it. Each primitive's parser stays
/// the authority on what it accepts (with file/line/column errors); these specs describe it for editors and readers,
/// and a test keeps every mapping primitive's argument names identical to what its parser accepts.
/// </summary>
public abstract record ValueSpec(string Description)
{
    public abstract JsonObject Schema();

    /// <summary>A short name for the generated reference ("globs", "check", "integer 1..100000").</summary>
    public abstract string Kind { get; }

    // An option reference such as ${options.max_size} may stand wherever a scalar does.
    protected static JsonObject OrOption(JsonObject scalar) => new()
    {
        ["anyOf"] = new JsonArray(scalar, new JsonObject { ["type"] = "string", ["pattern"] = @"\$\{options\.[A-Za-z0-9_]+\}" }),
    };
}

public sealed record TextSpec(string Description, string Kind = "text") : ValueSpec(Description)
{
    public override string Kind { get; } = Kind;

    public override JsonObject Schema() => new() { ["type"] = "string", ["description"] = Description };
}

public sealed record GlobsSpec(string Description) : ValueSpec(Description)
{
    public override string Kind => "globs (a glob, a list of globs, or @file_set)";

    public override JsonObject Schema() => new()
    {
        ["description"] = Description,
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" },
            new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = new JsonObject { ["type"] = "string" } }),
    };
}

public sealed record NumberSpec(string Description, double Min, double Max, bool Whole = true) : ValueSpec(Description)
{
    public override string Kind => Whole ? $"whole number {Min}..{Max}" : $"number {Min}..{Max}";

    public override JsonObject Schema()
    {
        var schema = OrOption(new JsonObject { ["type"] = Whole ? "integer" : "number", ["minimum"] = Min, ["maximum"] = Max });
        schema["description"] = Description;
        return schema;
    }
}

public sealed record BooleanSpec(string Description) : ValueSpec(Description)
{
    public override string Kind => "true or false";

    public override JsonObject Schema()
    {
        var schema = OrOption(new JsonObject { ["type"] = "boolean" });
        schema["description"] = Description;
        return schema;
    }
}

public sealed record ChoiceSpec(string Description, params string[] Choices) : ValueSpec(Description)
{
    public override string Kind => string.Join(" | ", Choices);

    public override JsonObject Schema() => new() { ["enum"] = new JsonArray(Choices.Select(c => (JsonNode)c).ToArray()), ["description"] = Description };
}

/// <summary>One check, or (<see cref="List"/>) a non-empty list of checks.</summary>
public sealed record CheckSpec(string Description, bool List = false) : ValueSpec(Description)
{
    public override string Kind => List ? "list of checks" : "check";

    public override JsonObject Schema() => List
        ? new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = Ref(), ["description"] = Description }
        : new JsonObject { ["$ref"] = "#/definitions/check", ["description"] = Description };

    private static JsonObject Ref() => new() { ["$ref"] = "#/definitions/check" };
}

/// <summary>A mapping of named arguments.</summary>
public sealed record MappingSpec(string Description, params ArgumentSpec[] Arguments) : ValueSpec(Description)
{
    public override string Kind => "mapping";

    public override JsonObject Schema()
    {
        var properties = new JsonObject();
        foreach (var argument in Arguments)
        {
            properties[argument.Name] = argument.Value.Schema();
        }

        var schema = new JsonObject { ["type"] = "object", ["description"] = Description, ["properties"] = properties, ["additionalProperties"] = false };
        var required = Arguments.Where(argument => argument.Required).Select(argument => (JsonNode)argument.Name).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        return schema;
    }
}

/// <summary>A value of one of several shapes.</summary>
public sealed record OneOfSpec(string Description, params ValueSpec[] Shapes) : ValueSpec(Description)
{
    public override string Kind => string.Join(" or ", Shapes.Select(shape => shape.Kind));

    public override JsonObject Schema() => new()
    {
        ["description"] = Description,
        ["anyOf"] = new JsonArray(Shapes.Select(shape => (JsonNode)shape.Schema()).ToArray()),
    };
}

/// <summary>A list whose items are a short scalar form or a mapping.</summary>
public sealed record ItemsSpec(string Description, ValueSpec Item, ValueSpec? ShortForm = null) : ValueSpec(Description)
{
    public override string Kind => $"list of {(ShortForm is null ? "" : ShortForm.Kind + " or ")}{Item.Kind}";

    public override JsonObject Schema() => new()
    {
        ["type"] = "array",
        ["minItems"] = 1,
        ["description"] = Description,
        ["items"] = ShortForm is null ? Item.Schema() : new JsonObject { ["anyOf"] = new JsonArray(ShortForm.Schema(), Item.Schema()) },
    };
}

public sealed record ArgumentSpec(string Name, ValueSpec Value, bool Required = false);

/// <summary>A check primitive as rule authors see it: its name, what it does, and the value it takes.</summary>
public sealed record PrimitiveSpec(string Name, string Summary, ValueSpec Value)
{
    /// <summary>The argument names of a mapping primitive (null for primitives that take another shape).</summary>
    public IReadOnlyList<string>? ArgumentNames => (Value as MappingSpec)?.Arguments.Select(argument => argument.Name).ToArray();
}
