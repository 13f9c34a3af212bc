namespace Spindle.Core.Tests;

public sealed class IdsTests
{
    [Fact]
    public void An_id_is_the_prefix_and_24_base62_characters()
    {
        var id = Ids.New(Ids.Message);

        Assert.StartsWith("msg_", id);
        Assert.Equal(4 + 24, id.Length);
        Assert.All(id[4..], c => Assert.True(char.IsAsciiLetterOrDigit(c), $"'{c}' in {id}"));
    }

    [Fact]
    public void Ids_made_later_sort_after_earlier_ones_byte_for_byte()
    {
        var start = new DateTimeOffset(2026, 12, 6, 23, 59, 59, 990, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 5000).Select(i => Ids.New(Ids.Run, start.AddMilliseconds(i * 7))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ_in_their_random_part()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.New(Ids.Message, now)).ToList();

        Assert.Single(ids.Select(id => id[..(4 + 7)]).Distinct());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}
