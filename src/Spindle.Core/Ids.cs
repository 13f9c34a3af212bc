using System.Security.Cryptography;

namespace Spindle.Core;

/// <summary>OpenAI-shaped ids: a prefix and 24 base62 characters (ASSISTANTS_API.md §1.2).</summary>
/// <remarks>
/// The first 7 characters are the milliseconds since 2024-01-01 (base62, most significant first, good until 2135), the
/// other 17 are random (101 bits). Ids made later sort after earlier ones, byte for byte, so a new row's id lands at the
/// end of the id index instead of on a random page of it: under load a commit of 16 new messages rewrote 16 pages of
/// that index, one each, and now rewrites one (bench/run.sh, figure 4). Clients see the same shape as before.
/// </remarks>
public static class Ids
{
    public const string Assistant = "asst_", Thread = "thread_", Message = "msg_", Run = "run_", Step = "step_",
        ToolCall = "call_", File = "file-", VectorStore = "vs_", FileBatch = "vsfb_";

    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int TimeChars = 7;
    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static string New(string prefix) => New(prefix, DateTimeOffset.UtcNow);

    /// <summary>An id made at <paramref name="now"/>; <see cref="New(string)"/> uses the current time.</summary>
    public static string New(string prefix, DateTimeOffset now) =>
        string.Create(prefix.Length + 24, (prefix, Milliseconds: Math.Max(0, (long)(now - Epoch).TotalMilliseconds)), static (chars, state) =>
        {
            state.prefix.CopyTo(chars);
            var time = chars.Slice(state.prefix.Length, TimeChars);
            var milliseconds = state.Milliseconds;
            for (var i = TimeChars - 1; i >= 0; i--)
            {
                time[i] = Base62[(int)(milliseconds % Base62.Length)];
                milliseconds /= Base62.Length;
            }

            RandomNumberGenerator.GetItems(Base62.AsSpan(), chars[(state.prefix.Length + TimeChars)..]);
        });
}
