using Spindle.Core.Errors;
using Spindle.Core.Storage;

namespace Spindle.Core.Tests.Storage;

public sealed class ListParamsTests
{
    [Fact]
    public void Defaults_are_twenty_descending_without_cursors()
    {
        Assert.Equal(new ListParams(20, false, null, null), ListParams.Parse(null, null, null, null));
    }

    [Theory]
    [InlineData("0", "limit")]
    [InlineData("101", "limit")]
    [InlineData("abc", "limit")]
    [InlineData("-1", "limit")]
    public void A_limit_outside_one_to_one_hundred_is_rejected_naming_limit(string limit, string param)
    {
        var error = Assert.Throws<ApiException>(() => ListParams.Parse(limit, null, null, null));
        Assert.Equal(400, error.Status);
        Assert.Equal(param, error.Param);
    }

    [Fact]
    public void An_order_other_than_asc_or_desc_is_rejected()
    {
        var error = Assert.Throws<ApiException>(() => ListParams.Parse(null, "sideways", null, null));
        Assert.Equal("order", error.Param);
        Assert.True(ListParams.Parse("100", "asc", "a", "b").Ascending);
    }
}
