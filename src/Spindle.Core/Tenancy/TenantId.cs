namespace Spindle.Core.Tenancy;

/// <summary>
/// The owner of every stored object (OpenAI's "project"). A tenant never sees another tenant's objects.
/// </summary>
public readonly record struct TenantId(string Value)
{
    public override string ToString() => Value;
}
