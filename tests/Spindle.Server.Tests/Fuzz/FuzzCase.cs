namespace Spindle.Server.Tests.Fuzz;

/// <summary>
/// One generated bad request. <paramref name="Path"/> and <paramref name="Body"/> name the seeded objects by the
/// reference's parameter names (<c>{thread_id}</c>, …); <paramref name="Param"/> is the <c>param</c> the error must
/// name, or null when the case does not pin it. <paramref name="ContentType"/> is set for raw (multipart) bodies.
/// </summary>
internal sealed record FuzzCase(string Kind, string Method, string Path, string? Body, int Status, string? Param, string? ContentType = null)
{
    public override string ToString() => $"[{Kind}] {Method} {Path} {(Body is { Length: > 200 } b ? b[..200] + "…" : Body)}";
}
