using System.Globalization;
using Spindle.Core.Errors;

namespace Spindle.Core.Storage;

/// <summary>The <c>limit</c>/<c>order</c>/<c>after</c>/<c>before</c> query of a list endpoint, validated.</summary>
public sealed record ListParams(int Limit, bool Ascending, string? After, string? Before)
{
    public static ListParams Parse(string? limit, string? order, string? after, string? before, int maxLimit = 100, int defaultLimit = 20)
    {
        var size = defaultLimit;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size))
            {
                throw ApiErrors.InvalidType("limit", "an integer");
            }

            if (size < 1 || size > maxLimit)
            {
                throw ApiErrors.InvalidValue("limit", $"Invalid 'limit': integer must be between 1 and {maxLimit}, got {size}.");
            }
        }

        var ascending = order switch
        {
            null or "desc" => false,
            "asc" => true,
            _ => throw ApiErrors.InvalidValue("order", $"Invalid value for 'order': expected one of 'asc' or 'desc', got '{order}'."),
        };

        if (after is { Length: 0 })
        {
            throw ApiErrors.InvalidValue("after", "Invalid 'after': expected an object id.");
        }

        if (before is { Length: 0 })
        {
            throw ApiErrors.InvalidValue("before", "Invalid 'before': expected an object id.");
        }

        return new ListParams(size, ascending, after, before);
    }

    public ListQuery ToQuery(string? parentId = null, string? tag = null) => new(parentId, Limit, Ascending, After, Before, tag);
}
