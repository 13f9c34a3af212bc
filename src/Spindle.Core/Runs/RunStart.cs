using Spindle.Core.Streaming;
using Spindle.Core.Wire;

namespace Spindle.Core.Runs;

/// <summary>A run just created or resumed, and its event subscription when the caller streams.</summary>
public sealed record RunStart(Run Run, IRunSubscription? Events);
