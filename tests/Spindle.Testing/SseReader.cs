using System.Runtime.CompilerServices;

namespace Spindle.Testing;

/// <summary>Reads <c>event:</c>/<c>data:</c> frames from a response body as they arrive.</summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Count > 0)
                {
                    yield return new SseEvent(name ?? "message", string.Join("\n", data));
                }

                name = null;
                data.Clear();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
            else if (!line.StartsWith(':'))
            {
                throw new InvalidDataException($"Not an SSE line: {line}");
            }
        }
    }
}
