namespace Spindle.Server.Auth;

/// <summary>API keys and tenants (<c>Spindle:Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Spindle:Auth";

    /// <summary>
    /// Accepted keys mapped to tenant names. Empty: development mode, where any bearer token is accepted and every
    /// caller is the tenant <c>default</c>.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>
    /// Bring-your-own-key: any bearer token is accepted, used as the upstream key for the caller's runs, and the
    /// tenant is a hash of it. The key is never stored.
    /// </summary>
    public bool BringYourOwnKey { get; set; }
}
