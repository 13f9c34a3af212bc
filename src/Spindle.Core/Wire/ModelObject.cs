namespace Spindle.Core.Wire;

public sealed record ModelObject(string Id, long Created, string OwnedBy)
{
    public string Object => "model";
}
