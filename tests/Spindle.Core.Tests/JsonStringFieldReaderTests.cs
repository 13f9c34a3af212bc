using Spindle.Core.Runs.Execution;

namespace Spindle.Core.Tests;

public sealed class JsonStringFieldReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void The_decoded_pieces_add_up_to_the_field_value_whatever_the_split(int pieceLength)
    {
        const string arguments = """{ "code" : "import math\nprint(\"\u00e9\\t\", math.sqrt(2))\n# caf\u00e9 done" }""";
        var expected = JsonStringFieldReader.ReadComplete(arguments, "code");
        var reader = new JsonStringFieldReader("code");
        var decoded = string.Concat(arguments.Chunk(pieceLength).Select(p => reader.Append(new string(p))));
        Assert.Equal("import math\nprint(\"é\\t\", math.sqrt(2))\n# café done", expected);
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void Another_field_or_broken_json_yields_nothing()
    {
        Assert.Equal("", new JsonStringFieldReader("code").Append("""{"query":"x"}"""));
        Assert.Null(JsonStringFieldReader.ReadComplete("{\"code\":", "code"));
        Assert.Null(JsonStringFieldReader.ReadComplete("{\"code\":1}", "code"));
    }
}
