namespace Spindle.Core;

/// <summary>Event ids of every log message, by range: 1xxx hosting, 2xxx requests, 3xxx runs, 4xxx upstream, 5xxx vector stores, 6xxx code interpreter, 7xxx PostgreSQL.</summary>
public static class LogEvents
{
    public const int Started = 1000, NoUpstream = 1001, OpenAuth = 1002, RunsRecovered = 1003, NoSandbox = 1004;
    public const int NoPlayground = 1009;
    public const int UnhandledRequestError = 2000;
    public const int RunStarted = 3000, RunFailed = 3001, RunCrashed = 3002, RunExpired = 3003, RunExpiryFailed = 3004, RunCancelled = 3005;
    public const int KeywordOnlyRanking = 5000, IngestionFailed = 5001, IngestionCrashed = 5002, IngestionRecovered = 5003, QueryEmbeddingFailed = 5004,
        FileEmbeddedAgain = 5005, FileEmbeddingFailed = 5006, QueryRewriteFailed = 5007;
    public const int NodeStarted = 7000, LeasesClaimed = 7001, ClusterTickFailed = 7002, ListenerFailed = 7003, ClusterTickSlow = 7004,
        FirstAnalyze = 7005, FirstAnalyzeFailed = 7006;
    public const int SandboxUnavailable = 6000, InterpreterStarted = 6001, InterpreterKilled = 6002, SessionExpired = 6003, SandboxCleanupFailed = 6004;
}
