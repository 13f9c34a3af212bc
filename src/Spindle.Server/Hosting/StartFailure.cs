namespace Spindle.Server.Hosting;

/// <summary>
/// What a start that failed tells the operator: the exception's message and each inner one's that says more, in one
/// line (Kestrel's "address already in use" wraps a socket's "Address already in use").
/// </summary>
internal static class StartFailure
{
    public static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            var message = e.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !messages.Exists(m => m.Contains(message, StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }

        return $"Spindle could not start: {string.Join(": ", messages)}.";
    }
}
