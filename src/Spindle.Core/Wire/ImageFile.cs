using System.Text.Json.Serialization;

namespace Spindle.Core.Wire;

/// <summary><c>detail</c> is sent for user images (<c>auto</c>, <c>low</c>, <c>high</c>) and left out for images the run's code made.</summary>
public sealed record ImageFile(string FileId, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail);
