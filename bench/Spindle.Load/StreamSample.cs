namespace Spindle.Load;

/// <summary>One streamed reply as the client saw it: milliseconds from sending the request to each token.</summary>
internal sealed record StreamSample(IReadOnlyList<double> TokenMs, string? Error)
{
    public bool Ok => Error is null;

    public double FirstTokenMs => TokenMs.Count > 0 ? TokenMs[0] : double.NaN;

    public IEnumerable<double> Gaps => TokenMs.Zip(TokenMs.Skip(1), static (a, b) => b - a);
}
