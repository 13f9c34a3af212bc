using System.ComponentModel.DataAnnotations;

namespace Spindle.Core.Runs;

/// <summary>How runs are executed (<c>Spindle:Runs</c>).</summary>
public sealed class RunOptions
{
    public const string Section = "Spindle:Runs";

    /// <summary>How long a run counts as young: most runs of a fast model end within it, so pollers are told to poll sooner.</summary>
    public const int YoungRunSeconds = 3;

    /// <summary>The poll interval a young run advertises (when <see cref="PollAfterMilliseconds"/> is not already shorter).</summary>
    public const int YoungRunPollAfterMilliseconds = 25;

    /// <summary>The <c>openai-poll-after-ms</c> the SDK pollers are told while a run is active.</summary>
    [Range(10, 10_000)]
    public int PollAfterMilliseconds { get; set; } = 100;

    /// <summary>Runs the executor advances at the same time on this node.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRuns { get; set; } = 1_000;

    /// <summary>How long the upstream may stay silent during a turn before the run fails (an idle limit, not a total one).</summary>
    [Range(1, 3_600)]
    public int UpstreamIdleTimeoutSeconds { get; set; } = 120;

    /// <summary>The prompt size <c>truncation_strategy: auto</c> fits into when the run sets no <c>max_prompt_tokens</c>.</summary>
    [Range(256, 10_000_000)]
    public int ContextWindowTokens { get; set; } = 128_000;

    /// <summary>
    /// The <c>openai-poll-after-ms</c> for a response about a run created at <paramref name="createdAt"/> (Unix seconds): <see cref="YoungRunPollAfterMilliseconds"/>
    /// in its first <see cref="YoungRunSeconds"/> seconds, so a poller sees a quick run end within a few tens of
    /// milliseconds, then <see cref="PollAfterMilliseconds"/>, so long runs are not polled forty times a second.
    /// </summary>
    public int PollAfterFor(long createdAt, long nowSeconds) =>
        nowSeconds - createdAt < YoungRunSeconds ? Math.Min(YoungRunPollAfterMilliseconds, PollAfterMilliseconds) : PollAfterMilliseconds;
}
