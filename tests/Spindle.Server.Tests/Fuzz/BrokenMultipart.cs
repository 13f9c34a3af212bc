using System.Text;

namespace Spindle.Server.Tests.Fuzz;

/// <summary>Upload bodies that are not a well-formed <c>file</c> + <c>purpose</c> form. Each must be a 400 that stores nothing.</summary>
internal static class BrokenMultipart
{
    private const string Form = "multipart/form-data; boundary=fuzzboundary";

    public static IEnumerable<FuzzCase> Cases(string method, string path)
    {
        FuzzCase Case(string what, string body, string? contentType = Form, string? param = null) =>
            new($"broken multipart: {what}", method, path, body, 400, param, contentType);

        var file = Part("file", "hello", "a.txt");
        var purpose = Part("purpose", "assistants");
        yield return Case("boundary differs from Content-Type", Body("other", file, purpose));
        yield return Case("random bytes", Latin1(new Random(12).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 2048)));
        yield return Case("empty body", "");
        yield return Case("no closing boundary", "--fuzzboundary\r\n" + file + purpose);
        yield return Case("no boundary parameter", Body("fuzzboundary", file, purpose), "multipart/form-data", "file");
        yield return Case("part without a name", Body("fuzzboundary", file, "Content-Disposition: form-data\r\n\r\nx\r\n"));
        yield return Case("part without headers", Body("fuzzboundary", file, "\r\nloose\r\n"));
        yield return Case("header block over 16 KB", Body("fuzzboundary", "X-Pad: " + new string('p', 20_000) + "\r\n" + file, purpose));
        yield return Case("purpose over 4 KB", Body("fuzzboundary", file, Part("purpose", new string('a', 5000))), param: "purpose");
        yield return Case("unknown purpose", Body("fuzzboundary", file, Part("purpose", "not_a_real_value")), param: "purpose");
        yield return Case("no file", Body("fuzzboundary", purpose), param: "file");
        yield return Case("no purpose", Body("fuzzboundary", file), param: "purpose");
        yield return Case("two files", Body("fuzzboundary", file, Part("file", "again", "b.txt"), purpose), param: "file");
        yield return Case("unknown field", Body("fuzzboundary", file, purpose, Part("colour", "blue")), param: "colour");
        yield return Case("expires_after seconds not a number", Body("fuzzboundary", file, purpose, Part("expires_after[anchor]", "created_at"), Part("expires_after[seconds]", "soon")), param: "expires_after.seconds");
        yield return Case("a JSON body", """{"purpose":"assistants"}""", "application/json", "file");
    }

    private static string Part(string name, string value, string? filename = null) =>
        $"Content-Disposition: form-data; name=\"{name}\"{(filename is null ? "" : $"; filename=\"{filename}\"")}\r\n\r\n{value}\r\n";

    private static string Body(string boundary, params string[] parts) =>
        string.Concat(parts.Select(p => $"--{boundary}\r\n{p}")) + $"--{boundary}--\r\n";

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);
}
