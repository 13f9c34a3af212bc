namespace Spindle.Server.Playground;

/// <summary>The web playground served at <c>/</c> (<c>Spindle:Playground</c>).</summary>
public sealed class PlaygroundOptions
{
    public const string Section = "Spindle:Playground";

    /// <summary>Serve the playground at <c>/</c>. Off: <c>/</c> is an unknown route like any other.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The built playground (index.html and assets/); by default <c>playground/</c> beside the executable, where the build puts it.</summary>
    public string Directory { get; set; } = Path.Combine(AppContext.BaseDirectory, "playground");
}
