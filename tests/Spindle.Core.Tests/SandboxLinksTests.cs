using Spindle.Core.Runs.Execution;
using Spindle.Core.Wire;

namespace Spindle.Core.Tests;

public sealed class SandboxLinksTests
{
    private static readonly OpenAIFile Report = new() { Id = "file-R", Bytes = 1, CreatedAt = 0, Filename = "report.csv", Purpose = "assistants_output" };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(200)]
    public void A_link_split_over_chunks_leaves_whole_with_its_file_path_annotation(int chunk)
    {
        const string text = "See sandbox:/mnt/data/report.csv. Or sandbox:/mnt/data/other.txt, and sandbox:/mnt/data/report.csv";
        var links = new SandboxLinks([Report]);
        var pieces = text.Chunk(chunk).SelectMany(c => links.Append(new string(c))).ToList();
        pieces.AddRange(links.Finish());

        Assert.Equal(text, string.Concat(pieces.Select(p => p.Text)));
        Assert.All(pieces, p => Assert.NotEqual("", p.Text));
        var annotated = pieces.Where(p => p.Annotation is not null).ToList();
        Assert.Equal(2, annotated.Count);
        Assert.All(annotated, p => Assert.Equal("sandbox:/mnt/data/report.csv", p.Text));
        Assert.Equal((4, 32), (annotated[0].Annotation!.StartIndex, annotated[0].Annotation!.EndIndex));
        Assert.Equal(text.Length - 28, annotated[1].Annotation!.StartIndex);
        Assert.Equal("file-R", annotated[1].Annotation!.FilePath!.FileId);
    }
}
