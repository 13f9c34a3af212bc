using System.Text;

namespace Spindle.Tools.Tests.FileSearch;

/// <summary>Deterministic English-like prose in paragraphs, for chunking tests and benchmarks of any length.</summary>
internal static class SampleText
{
    private static readonly string[] Words =
    [
        "river", "lantern", "quietly", "engine", "harbour", "seventeen", "copper", "meadow", "signal", "winter", "across",
        "the", "of", "and", "a", "to", "in", "was", "under", "bright", "kilometre", "archive", "protocol", "garden",
        "measured", "ancient", "forecast", "velvet", "orbit", "thread", "carried", "north", "marble", "repair", "lesson",
    ];

    public static string Paragraphs(int wordCount, int seed = 42)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var sentenceLength = 0;
        for (var i = 0; i < wordCount; i++)
        {
            var word = Words[random.Next(Words.Length)];
            builder.Append(sentenceLength == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
            sentenceLength++;
            if (sentenceLength >= 8 && random.Next(4) == 0)
            {
                builder.Append('.');
                sentenceLength = 0;
                builder.Append(random.Next(6) == 0 ? "\n\n" : " ");
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd() + ".";
    }
}
