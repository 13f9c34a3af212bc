using System.Runtime.Versioning;

namespace Spindle.Tools.CodeInterpreter;

/// <summary>
/// One session key's sandbox: its <c>/mnt/data</c> and, while alive, its interpreter. <see cref="Gate"/> runs its
/// calls one at a time; whoever holds it may touch <see cref="Interpreter"/>.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class SandboxSession(string key, DataDirectory data, DateTimeOffset created)
{
    public string Key { get; } = key;

    public DataDirectory Data { get; } = data;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public SandboxInterpreter? Interpreter { get; set; }

    public DateTimeOffset LastUsed { get; set; } = created;

    /// <summary>Set, under <see cref="Gate"/>, when the session has ended; a caller that then gets the gate starts over.</summary>
    public bool Closed { get; private set; }

    /// <summary>Kills the interpreter and deletes the directory. Call while holding <see cref="Gate"/>.</summary>
    public void Close()
    {
        Closed = true;
        Interpreter?.Dispose();
        Interpreter = null;
        Data.Delete();
    }
}
