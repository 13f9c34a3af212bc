using Spindle.Testing;

namespace Spindle.Server.Tests.ChatCompletions;

/// <summary>The usual two tenants, plus a provider <c>down</c> nothing listens on.</summary>
public sealed class PassThroughSpindle : SpindleFixture
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        base.Configure(settings);
        settings["Spindle:Providers:down:BaseUrl"] = "http://127.0.0.1:9/v1";
    }
}
