using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary><c>{"type":"auto","last_messages":null}</c> or <c>{"type":"last_messages","last_messages":n}</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TruncationStrategy(string? Type, int? LastMessages);
