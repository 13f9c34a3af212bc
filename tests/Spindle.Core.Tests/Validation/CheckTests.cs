using Spindle.Core.Errors;
using Spindle.Core.Validation;
using Spindle.Core.Wire;

namespace Spindle.Core.Tests.Validation;

public sealed class CheckTests
{
    [Fact]
    public void Metadata_allows_sixteen_pairs_of_64_and_512_characters_and_no_more()
    {
        var full = Enumerable.Range(0, 16).ToDictionary(i => new string('k', 62) + i.ToString("D2"), _ => new string('v', 512));
        Assert.Equal(16, Check.Metadata(full).Count);

        full["one-more"] = "x";
        Assert.Equal("metadata", Assert.Throws<ApiException>(() => Check.Metadata(full)).Param);
        Assert.Throws<ApiException>(() => Check.Metadata(new() { [new string('k', 65)] = "v" }));
        Assert.Throws<ApiException>(() => Check.Metadata(new() { ["k"] = new string('v', 513) }));
    }

    [Fact]
    public void Function_tools_need_a_valid_unique_name_and_default_strict_to_false()
    {
        var tool = Check.Tools([new Tool { Type = "function", Function = new FunctionDefinition { Name = "get_weather" } }], 128);
        Assert.False(Assert.Single(tool).Function!.Strict);

        Assert.Equal("tools[0].function.name", Assert.Throws<ApiException>(() =>
            Check.Tools([new Tool { Type = "function", Function = new FunctionDefinition { Name = "has space" } }], 128)).Param);
        Assert.Throws<ApiException>(() => Check.Tools(
            [new Tool { Type = "function", Function = new FunctionDefinition { Name = "f" } }, new Tool { Type = "function", Function = new FunctionDefinition { Name = "f" } }], 128));
        Assert.Equal("tools[0].type", Assert.Throws<ApiException>(() => Check.Tools([new Tool { Type = "browser" }], 128)).Param);
        Assert.Throws<ApiException>(() => Check.Tools(Enumerable.Repeat(new Tool { Type = "code_interpreter" }, 21).ToList(), 20));
    }

    [Fact]
    public void File_search_tools_get_OpenAIs_default_ranking_options()
    {
        var tool = Assert.Single(Check.Tools([new Tool { Type = "file_search" }], 128));
        Assert.Equal("default_2024_08_21", tool.FileSearch!.RankingOptions!.Ranker);
        Assert.Equal(0.0, tool.FileSearch.RankingOptions.ScoreThreshold);
    }

    [Fact]
    public void Truncation_last_messages_needs_a_positive_count()
    {
        Assert.Equal(WireDefaults.Truncation, Check.Truncation(null));
        Assert.Equal(3, Check.Truncation(new TruncationStrategy("last_messages", 3)).LastMessages);
        Assert.Throws<ApiException>(() => Check.Truncation(new TruncationStrategy("last_messages", 0)));
        Assert.Throws<ApiException>(() => Check.Truncation(new TruncationStrategy("middle", null)));
    }
}
