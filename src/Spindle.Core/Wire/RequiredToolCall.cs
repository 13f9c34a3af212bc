namespace Spindle.Core.Wire;

/// <summary>A function call the client must answer: <c>{id, type:"function", function:{name, arguments}}</c>.</summary>
public sealed record RequiredToolCall(string Id, string Type, RequiredFunction Function);
