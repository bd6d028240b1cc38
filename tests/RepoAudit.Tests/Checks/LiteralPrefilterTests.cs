using System.Text;
using System.Text.RegularExpressions;
using RepoAudit.Core.Checks;
using RepoAudit.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace RepoAudit.Tests.Checks;

public sealed class LiteralPrefilterTests
{
    [Theory]
    [InlineData(@"import\s+mlflow", new[] { "import" })]
    [InlineData(@"\b(?:torch|tf)\.save\(", new[] { "torch.save(", "tf.save(" })]
    [InlineData(@"^[^#\n]*\b(read_csv|read_parquet)\(", new[] { "read_csv(", "read_parquet(" })]
    [InlineData(@"(?x) train_test_split  # sklearn's splitter
                   \s*\(", new[] { "train_test_split" })]
    [InlineData(@"a{2}bcd", new[] { "bcd" })]
    [InlineData(@"x{,2}abc", new[] { "x{,2}abc" })] // not a quantifier in .NET: literal braces
    [InlineData(@"(?<name>wandb)\.init", new[] { "wandb.init" })]
    [InlineData(@"(?=.*seed)random\.seed", new[] { "random.seed" })]
    [InlineData(@"(abc)\1", new[] { "abc" })]                        // a backreference is "anything"; the group is certain
    public void RequiredLiterals_AreReadFromThePattern(string pattern, string[] expected)
    {
        var prefilter = LiteralPrefilter.For(pattern).ShouldNotBeNull();

        prefilter.Literals.ShouldBe(expected, ignoreOrder: true);
        prefilter.IgnoreCase.ShouldBeFalse();
    }

    [Theory]
    [InlineData(@"\d+")]               // nothing certain
    [InlineData(@"ab|xyz")]            // one branch's literal is too short to be worth looking for
    [InlineData(@"(training)?\.f")]   // an optional piece is not required, and what is left is short
    [InlineData(@"(?(x)abc|def)")]     // a conditional: not read
    [InlineData(@"[Tt]r\w")]           // a class is "anything": only `r` is certain
    public void PatternsWithoutAUsefulLiteral_HaveNoPrefilter(string pattern)
    {
        LiteralPrefilter.For(pattern).ShouldBeNull();
    }

    [Fact]
    public void UnderIgnoreCase_TheSearchIgnoresCase_AndLettersWithUnicodePartnersAreNotRequired()
    {
        var prefilter = LiteralPrefilter.For(@"(?i)dvc\.yaml").ShouldNotBeNull();

        prefilter.IgnoreCase.ShouldBeTrue();
        prefilter.MayMatch("stages in DVC.YAML").ShouldBeTrue();

        // `k` also matches the Kelvin sign (U+212A) under (?i), which an ordinal ignore-case search does not find,
        // so `mask` cannot be required whole.
        var kelvin = new Regex("(?i)mask_token", RegexOptions.CultureInvariant);
        var text = "MAS\u212A_TOKEN";
        kelvin.IsMatch(text).ShouldBeTrue();
        LiteralPrefilter.For("(?i)mask_token").ShouldNotBeNull().MayMatch(text).ShouldBeTrue();
    }

    [Fact]
    public void ScopedIgnoreCase_EndsWithItsGroup()
    {
        var prefilter = LiteralPrefilter.For(@"(?i:abc)DEFG").ShouldNotBeNull();

        prefilter.Literals.ShouldContain("abcDEFG");
        prefilter.MayMatch("ABCDEFG").ShouldBeTrue();
    }

    [Fact]
    public void APattern_IsSkippedOnlyWhereItCannotMatch()
    {
        var pattern = RulePattern.TryCompile(@"\bmlflow\.log_metric\(", prefilterAfterChars: 0, out _).ShouldNotBeNull();

        pattern.Prefilter.ShouldNotBeNull();
        pattern.IsMatch("import os\nprint('hello')\n").ShouldBeFalse();
        pattern.Matches("x = 1\n").ShouldBeEmpty();
        pattern.Match("mlflow.log_metric('acc', 1)").Value.ShouldBe("mlflow.log_metric(");
    }

    /// <summary>
    /// The property that makes the prefilter safe: for every pattern of the built-in pack and every fixture file,
    /// <see cref="RulePattern"/> finds exactly the matches a plain regex finds over the whole text, at the same offsets,
    /// whether it skipped the text, ran on candidate lines only, or ran on all of it.
    /// </summary>
    [Fact]
    public void EveryBuiltInPattern_FindsTheSameMatchesAsThePlainRegex_OnEveryFixture()
    {
        var patterns = PackStrings().Distinct().Where(text => TryRegex(text) is not null && LiteralPrefilter.For(text) is not null).ToList();
        var texts = Directory.EnumerateFiles(Paths.Rules, "*", SearchOption.AllDirectories)
            .Where(path => path.Contains($"{Path.DirectorySeparatorChar}fixtures{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(path => new FileInfo(path).Length < 200_000)
            .Select(File.ReadAllText)
            .ToList();

        patterns.Count.ShouldBeGreaterThan(100);
        patterns.Count(text => LiteralPrefilter.For(text)!.LineLocal).ShouldBeGreaterThan(50);
        var matched = 0;
        foreach (var text in patterns)
        {
            var regex = TryRegex(text)!;
            var pattern = RulePattern.TryCompile(text, prefilterAfterChars: 0, out _).ShouldNotBeNull();
            foreach (var input in texts)
            {
                var expected = Describe(regex.Matches(input));
                Describe(pattern.Matches(input)).ShouldBe(expected, $"pattern '{text}'");
                pattern.IsMatch(input).ShouldBe(expected.Count > 0, $"pattern '{text}'");
                Describe([pattern.Match(input)]).ShouldBe(expected.Take(1).ToList(), $"pattern '{text}'");
                matched += expected.Count > 0 ? 1 : 0;
            }
        }

        matched.ShouldBeGreaterThan(100);
    }

    private static List<string> Describe(IEnumerable<Match> matches) =>
        [.. matches.Where(match => match.Success).Select(match => $"{match.Index}+{match.Length}:{match.Value}")];

    /// <summary>Random patterns over a small alphabet, and random texts: the same matches as the plain regex.</summary>
    [Fact]
    public void RandomPatterns_FindTheSameMatchesAsThePlainRegex()
    {
        var random = new Random(20261202);
        string[] pieces = ["ab", "abc", "b", "c", "a|b", "(abc|bcd)", "(?:cab)", "a?", "b*", "c+", "[ab]", ".", @"\b", "^", "$",
            "(?i)ab", "(?i:BCa)", "a{2}", "{", "(?=ab)", "(?!c)", "(a|bc)+", @"\.", "A", "(?x) a b # note\n", "K", "(?-i)c",
            @"\n", @"\s", "[^a]", @"[^\n]", "(?s).", @"\A", @"\z", "$", @"(?<=c\n)", @"[\x00-\x1f]", @"\W"];
        for (var round = 0; round < 3000; round++)
        {
            var pattern = string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)]));
            if (TryRegex(pattern) is not { } regex || LiteralPrefilter.For(pattern) is null)
            {
                continue;
            }

            var rulePattern = RulePattern.TryCompile(pattern, prefilterAfterChars: 0, out _).ShouldNotBeNull();
            for (var sample = 0; sample < 30; sample++)
            {
                var text = RandomText(random);
                Describe(rulePattern.Matches(text)).ShouldBe(Describe(regex.Matches(text)), $"'{pattern}' on '{text}'");
            }
        }
    }

    private static string RandomText(Random random)
    {
        const string alphabet = "abcABC.{} \n\n\u212A";
        var builder = new StringBuilder();
        for (var i = random.Next(0, 24); i > 0; i--)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static Regex? TryRegex(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.Multiline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static IEnumerable<string> PackStrings()
    {
        foreach (var file in Directory.EnumerateFiles(Paths.Rules, "*.yml", SearchOption.AllDirectories)
                     .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}fixtures{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(file)))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                foreach (var node in document.AllNodes.OfType<YamlScalarNode>())
                {
                    if (node.Value is { Length: > 2 } value)
                    {
                        yield return value;
                    }
                }
            }
        }
    }
}
