using Spindle.Core.Runs.Execution;

namespace Spindle.Core.Tests;

public sealed class CitationMarkersTests
{
    private static readonly Dictionary<string, string> Known = new() { ["【4:0†favorite_foods.txt】"] = "file-A" };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void A_marker_split_over_chunks_goes_out_whole_with_its_annotation_at_its_offsets(int chunk)
    {
        const string text = "Filip's favorite food is cake【4:0†favorite_foods.txt】.";
        var markers = new CitationMarkers(Known);
        var pieces = text.Chunk(chunk).SelectMany(c => markers.Append(new string(c))).ToList();
        var rest = markers.Finish();

        Assert.Equal(text, string.Concat(pieces.Select(p => p.Text)) + rest);
        var cited = Assert.Single(pieces, p => p.Annotation is not null);
        Assert.Equal("【4:0†favorite_foods.txt】", cited.Text);
        Assert.Equal(29, cited.Annotation!.StartIndex);
        Assert.Equal(53, cited.Annotation.EndIndex);
        Assert.Equal("file-A", cited.Annotation.FileCitation!.FileId);
        Assert.Equal(0, cited.Annotation.Index);
    }

    [Fact]
    public void Unknown_markers_and_unclosed_brackets_stay_plain_text()
    {
        var markers = new CitationMarkers(Known);
        var pieces = markers.Append("See 【9:9†other.txt】 and 【 open");
        Assert.All(pieces, p => Assert.Null(p.Annotation));
        Assert.Equal("See 【9:9†other.txt】 and 【 open", string.Concat(pieces.Select(p => p.Text)) + markers.Finish());
    }
}
