namespace Spindle.FakeUpstream;

/// <summary>
/// How the fake upstream paces a reply: the wait before the first token, the wait between tokens and how many tokens.
/// Defaults come from the command line (<c>--ttft-ms</c>, <c>--token-ms</c>, <c>--tokens</c>); a model named
/// <c>ttft50-tok10-n20</c> overrides them per request, so one upstream serves every figure.
/// </summary>
internal sealed record UpstreamTiming(int TimeToFirstTokenMs, int TokenDelayMs, int Tokens)
{
    public static UpstreamTiming From(IConfiguration configuration) => new(
        configuration.GetValue("ttft-ms", 50), configuration.GetValue("token-ms", 10), configuration.GetValue("tokens", 20));

    public UpstreamTiming ForModel(string? model)
    {
        if (model is null || !model.StartsWith("ttft", StringComparison.Ordinal))
        {
            return this;
        }

        var parts = model.Split('-');
        return parts.Length == 3
            && int.TryParse(parts[0].AsSpan(4), out var ttft)
            && int.TryParse(parts[1].AsSpan(3), out var token)
            && int.TryParse(parts[2].AsSpan(1), out var tokens)
            ? new UpstreamTiming(ttft, token, tokens)
            : this;
    }
}
