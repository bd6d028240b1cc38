using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using HandlebarsDotNet;
using RepoAudit.Core.Text;

namespace RepoAudit.Core.Reports;

/// <summary>
/// A compiled page template (HTML or Markdown) with its partials. The templates ship inside the binary
/// (`Reports/Templates/`); `--template DIR` (scan, trend, portfolio) replaces them file by file, so a team can restyle
/// every page by overriding `partials/html/style.hbs` alone. A DIR mirrors the embedded layout:
/// <code>
/// scorecard.html.hbs  trend.html.hbs  portfolio.html.hbs   partials/html/*.hbs
/// scorecard.md.hbs    trend.md.hbs    portfolio.md.hbs     partials/md/*.hbs
/// </code>
/// </summary>
public sealed class ScorecardTemplate
{
    private const string ResourcePrefix = "templates/";

    // Templates never change while the process runs, so each (page, folder) is compiled once.
    private static readonly ConcurrentDictionary<(string Page, string Folder), ScorecardTemplate> Compiled = new();

    private readonly HandlebarsTemplate<object, object> _template;
    private readonly string _origin;

    private ScorecardTemplate(HandlebarsTemplate<object, object> template, string origin)
    {
        _template = template;
        _origin = origin;
    }

    public static ScorecardTemplate Html(string? folder) => For(ScorecardFormat.Html, folder);

    public static ScorecardTemplate Markdown(string? folder) => For(ScorecardFormat.Markdown, folder);

    /// <summary>The team-lead pages (trend, portfolio): their own main template, the same partials, escaping and helpers.</summary>
    public static ScorecardTemplate Page(string main, bool markdown, string? folder) =>
        For((markdown ? ScorecardFormat.Markdown : ScorecardFormat.Html) with { Name = main, Main = main }, folder);

    /// <summary>Renders the view; a team template that refers to a value the view does not have is an error, not a blank.</summary>
    public string Render(object view)
    {
        try
        {
            return _template(view);
        }
        catch (Exception ex) when (ex is HandlebarsException or HandlebarsDotNet.Compiler.HandlebarsUndefinedBindingException)
        {
            throw new LoadException(_origin, 0, 0, $"the template could not be rendered: {ex.Message}");
        }
    }

    private static ScorecardTemplate For(ScorecardFormat format, string? folder)
    {
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new LoadException(folder, 0, 0, "the --template folder does not exist");
        }

        return Compiled.GetOrAdd((format.Name, folder ?? ""), _ => Compile(format, folder));
    }

    private static ScorecardTemplate Compile(ScorecardFormat format, string? folder)
    {
        var configuration = new HandlebarsConfiguration
        {
            ThrowOnUnresolvedBindingExpression = true,
            // Partials come only from the templates below, never from a path a template names.
            PartialTemplateResolver = new NoPartialResolver(),
            MissingPartialTemplateHandler = new MissingPartial(),
        };
        if (format.PartialFolder == ScorecardFormat.Markdown.PartialFolder)
        {
            // In the Markdown template `{{value}}` neutralises Markdown and HTML, as `{{value}}` HTML-escapes in the HTML one.
            configuration.TextEncoder = new MarkdownText.Encoder();
        }

        var handlebars = Handlebars.Create(configuration);
        RegisterHelpers(handlebars, format);

        var sources = Sources(format, folder);
        foreach (var (name, source) in sources.Partials)
        {
            try
            {
                handlebars.RegisterTemplate(name, source.Text);
            }
            catch (Exception ex) when (IsCompileError(ex))
            {
                throw CompileError(source, "the partial template does not compile", ex);
            }
        }

        try
        {
            return new ScorecardTemplate(handlebars.Compile(sources.Main.Text), sources.Main.Origin);
        }
        catch (Exception ex) when (IsCompileError(ex))
        {
            throw CompileError(sources.Main, "the template does not compile", ex);
        }
    }

    // Handlebars.Net reports most malformed templates as HandlebarsException, but some (a second {{else}}) as an argument error.
    private static bool IsCompileError(Exception ex) => ex is HandlebarsException or ArgumentException or InvalidOperationException;

    /// <summary>
    /// The error naming the template file, and the line and column when Handlebars says them: its parser ends the message
    /// with "Occured at: LINE:COLUMN", the line counted from 0 and the column the characters read on it.
    /// </summary>
    private static LoadException CompileError(Source source, string what, Exception ex)
    {
        var at = Regex.Match(ex.Message, @"\s*Occured at: (\d+):(\d+)\s*$");
        return at.Success
            ? new LoadException(source.Origin, int.Parse(at.Groups[1].Value, CultureInfo.InvariantCulture) + 1, int.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture),
                $"{what}: {ex.Message[..at.Index]}")
            : new LoadException(source.Origin, 0, 0, $"{what}: {ex.Message}");
    }

    private static void RegisterHelpers(IHandlebars handlebars, ScorecardFormat format)
    {
        if (format.PartialFolder != ScorecardFormat.Markdown.PartialFolder)
        {
            return;
        }

        // Each helper writes Markdown that is safe whatever the text: a code span or block no backtick run can close,
        // text for raw HTML lines (such as <summary>), and only http(s) URLs.
        handlebars.RegisterHelper("codespan", (writer, _, arguments) => writer.WriteSafeString(MarkdownText.Code(Argument(arguments, 0))));
        handlebars.RegisterHelper("codeblock", (writer, _, arguments) => writer.WriteSafeString(MarkdownText.Fence(Argument(arguments, 0), Argument(arguments, 1))));
        handlebars.RegisterHelper("html", (writer, _, arguments) => writer.WriteSafeString(MarkdownText.Html(Argument(arguments, 0))));
        handlebars.RegisterHelper("url", (writer, _, arguments) => writer.WriteSafeString(RuleText.SafeUrl(Argument(arguments, 0)) ?? ""));
    }

    private static string? Argument(Arguments arguments, int index) =>
        index < arguments.Length && arguments[index] is { } value and not UndefinedBindingResult ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private sealed record Source(string Text, string Origin);

    private sealed record TemplateSources(Source Main, IReadOnlyDictionary<string, Source> Partials);

    /// <summary>The embedded templates of a format, with every file that exists in the override folder taking their place.</summary>
    private static TemplateSources Sources(ScorecardFormat format, string? folder)
    {
        var assembly = typeof(ScorecardTemplate).Assembly;
        var main = new Source(ReadResource($"{ResourcePrefix}{format.Main}"), $"{ResourcePrefix}{format.Main}");
        var partials = new Dictionary<string, Source>(StringComparer.Ordinal);
        var partialPrefix = $"{ResourcePrefix}partials/{format.PartialFolder}/";
        foreach (var resource in assembly.GetManifestResourceNames().Select(name => name.Replace('\\', '/')).Where(name => name.StartsWith(partialPrefix, StringComparison.Ordinal)))
        {
            partials[PartialName(resource)] = new Source(ReadResource(resource), resource);
        }

        if (folder is not null)
        {
            var overrides = 0;
            var mainFile = Path.Combine(folder, format.Main);
            if (File.Exists(mainFile))
            {
                main = new Source(ReadFile(mainFile), mainFile);
                overrides++;
            }

            var partialFolder = Path.Combine(folder, "partials", format.PartialFolder);
            if (Directory.Exists(partialFolder))
            {
                foreach (var file in Directory.EnumerateFiles(partialFolder, "*.hbs").Order(StringComparer.Ordinal))
                {
                    partials[PartialName(file)] = new Source(ReadFile(file), file);
                    overrides++;
                }
            }

            if (overrides == 0 && !Directory.EnumerateFiles(folder, "*.hbs", SearchOption.AllDirectories).Any())
            {
                throw new LoadException(folder, 0, 0,
                    "the --template folder holds no templates: expected scorecard.html.hbs, scorecard.md.hbs or partials/html|md/*.hbs");
            }
        }

        return new TemplateSources(main, partials);

        string ReadResource(string name)
        {
            var stream = assembly.GetManifestResourceStream(name)
                ?? assembly.GetManifestResourceStream(name.Replace('/', '\\'))
                ?? throw new InvalidOperationException($"the template {name} is missing from the binary");
            using (stream)
            using (var reader = new StreamReader(stream))
            {
                return reader.ReadToEnd();
            }
        }
    }

    private static string PartialName(string path) => Path.GetFileNameWithoutExtension(path.Replace('\\', '/').Split('/')[^1]);

    private static string ReadFile(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoadException(file, 0, 0, $"cannot read the template: {ex.Message}");
        }
    }

    private sealed class NoPartialResolver : IPartialTemplateResolver
    {
        public bool TryRegisterPartial(IHandlebars env, string? partialName, string? templatePath) => false;
    }

    private sealed class MissingPartial : IMissingPartialTemplateHandler
    {
        public void Handle(ICompiledHandlebarsConfiguration configuration, string partialName, in EncodedTextWriter textWriter) =>
            throw new HandlebarsRuntimeException($"the template uses the partial '{partialName}', which does not exist");
    }
}

/// <summary>The two template families: which main file and which partial folder.</summary>
internal sealed record ScorecardFormat(string Name, string Main, string PartialFolder)
{
    public static readonly ScorecardFormat Html = new("html", "scorecard.html.hbs", "html");
    public static readonly ScorecardFormat Markdown = new("markdown", "scorecard.md.hbs", "md");
}
