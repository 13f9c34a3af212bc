using System.Security.Cryptography;

namespace Spindle.Core;

/// <summary>OpenAI-shaped ids: a prefix and 24 random base62 characters (ASSISTANTS_API.md §1.2).</summary>
public static class Ids
{
    public const string Assistant = "asst_", Thread = "thread_", Message = "msg_", Run = "run_", Step = "step_",
        ToolCall = "call_", File = "file-", VectorStore = "vs_", FileBatch = "vsfb_";

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix) => string.Create(prefix.Length + 24, prefix, static (chars, p) =>
    {
        p.CopyTo(chars);
        RandomNumberGenerator.GetItems(Base62.AsSpan(), chars[p.Length..]);
    });
}
