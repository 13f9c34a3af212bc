namespace Spindle.Core.Tests;

public sealed class IdsTests
{
    [Fact]
    public void An_id_is_the_prefix_and_24_base62_characters_and_never_repeats()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New(Ids.Message)).ToList();

        Assert.All(ids, id =>
        {
            Assert.StartsWith("msg_", id);
            Assert.Equal(4 + 24, id.Length);
            Assert.All(id[4..], c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' in {id}"));
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
