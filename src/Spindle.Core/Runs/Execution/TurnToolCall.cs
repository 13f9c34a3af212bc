using System.Text;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs.Execution;

/// <summary>One tool call of a model turn as it streams in, and what the built-in tools answered.</summary>
/// <param name="type"><c>function</c>, or a built-in tool's type (<see cref="BuiltInTools"/>).</param>
internal sealed class TurnToolCall(int upstreamIndex, int wireIndex, string id, string type)
{
    public int UpstreamIndex => upstreamIndex;

    public int WireIndex => wireIndex;

    public string Id => id;

    public string Type => type;

    public StringBuilder Name { get; } = new();

    public StringBuilder Arguments { get; } = new();

    public bool NameSent { get; set; }

    /// <summary>Decodes the <c>code</c> argument of a <c>code_interpreter</c> call while it streams.</summary>
    public JsonStringFieldReader? Code { get; } = type == BuiltInTools.CodeInterpreter ? new JsonStringFieldReader("code") : null;

    public List<CodeInterpreterOutput> Outputs { get; } = [];

    /// <summary>A <c>file_search</c> call's settings and, once it ran, its results.</summary>
    public FileSearchCall? FileSearch { get; set; }

    /// <summary>The query a <c>file_search</c> call asks: its <c>query</c> argument, or the raw arguments.</summary>
    public string Query => JsonStringFieldReader.ReadComplete(Arguments.ToString(), "query") ?? Arguments.ToString();

    /// <summary>The code a <c>code_interpreter</c> call runs: its complete <c>code</c> argument.</summary>
    public string Input => JsonStringFieldReader.ReadComplete(Arguments.ToString(), "code") ?? "";

    public ToolCall ToWire() => type switch
    {
        BuiltInTools.CodeInterpreter => new ToolCall { Id = id, Type = type, CodeInterpreter = new CodeInterpreterCall(Input, [.. Outputs]) },
        BuiltInTools.FileSearch => new ToolCall { Id = id, Type = type, FileSearch = FileSearch },
        _ => new ToolCall { Id = id, Type = "function", Function = new FunctionCall(Name.ToString(), Arguments.ToString(), null) },
    };
}
