using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spindle.Core;
using Spindle.Core.Assistants;
using Spindle.Core.Files;
using Spindle.Core.Messages;
using Spindle.Core.Queue;
using Spindle.Core.Runs;
using Spindle.Core.Runs.Execution;
using Spindle.Core.Streaming;
using Spindle.Core.Threads;
using Spindle.Core.Tools;
using Spindle.Core.Upstream;
using Spindle.Core.Validation;
using Spindle.Core.VectorStores;
using Spindle.Core.Wire;
using Microsoft.Extensions.Options;
using Spindle.Providers;
using Spindle.Providers.Routing;
using Spindle.Storage;
using Spindle.Tools;
using Spindle.Tools.FileSearch;
using Spindle.Tools.FileSearch.Embedding;
using Spindle.Server.Auth;
using Spindle.Server.Endpoints;
using Spindle.Server.Errors;
using Spindle.Server.Playground;

namespace Spindle.Server.Hosting;

/// <summary>The composition root: every service Spindle runs, and every route it answers.</summary>
public static partial class SpindleHosting
{
    /// <summary>The largest JSON body accepted; OpenAI's own limit for these endpoints is of the same order.</summary>
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    public static WebApplicationBuilder AddSpindle(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        if (configuration["urls"] is null && configuration["ASPNETCORE_URLS"] is null && configuration["Kestrel:Endpoints:Http:Url"] is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }

        // The ASP.NET Core templates' default, which Spindle ships no appsettings.json to set: at Information every
        // request logs four lines, and on two cores that cost a streamed run's first delta 15-35% (bench/run.sh, figure 1).
        configuration["Logging:LogLevel:Microsoft.AspNetCore"] ??= "Warning";
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Encoder = SpindleJsonContext.Wire.Options.Encoder;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, SpindleJsonContext.Wire);
        });
        services.AddExceptionHandler<OpenAIErrorHandler>();

        services.AddOptionsWithValidateOnStart<RunOptions>().BindConfiguration(RunOptions.Section).ValidateDataAnnotations();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.Section);
        services.AddOptionsWithValidateOnStart<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations();
        services.AddSingleton(TimeProvider.System);
        services.AddSpindleStorage(configuration);
        if (StorageServiceCollectionExtensions.IsPostgres(configuration))
        {
            services.AddSpindleCluster(configuration);
        }

        services.AddSpindleProviders(configuration);
        configuration["Spindle:CodeInterpreter:WorkRoot"] ??= Path.Combine(configuration["Spindle:Storage:DataDirectory"] ?? "./data", "sandbox");
        services.AddSpindleCodeInterpreter(configuration);
        services.AddSingleton<CodeInterpreterTool>();

        services.AddSingleton<References>();
        services.AddSingleton<AssistantService>();
        services.AddSingleton<ThreadService>();
        services.AddSingleton<MessageService>();
        services.AddSingleton<RunService>();
        services.AddSingleton<FileService>();
        // On PostgreSQL, AddSpindleStorage registered the queues and hub that several nodes share.
        services.TryAddSingleton<IRunEventHub, InProcessRunEventHub>();
        services.TryAddSingleton<IRunQueue, ChannelRunQueue>();
        services.AddSingleton<RunPublisher>();
        services.AddSingleton<RunSignals>();
        services.AddSingleton<RunExpiry>();
        services.AddSingleton<RunFinalizer>();
        services.AddSingleton<TokenCounter>();
        services.AddSingleton<PromptBuilder>();
        services.AddSingleton<RunExecutor>();
        if (!StorageServiceCollectionExtensions.IsPostgres(configuration))
        {
            services.AddHostedService<RunRecovery>();
            services.AddHostedService<IngestionRecovery>();
        }

        services.AddHostedService<RunExecutorHost>();

        services.AddOptionsWithValidateOnStart<VectorStoreOptions>().BindConfiguration(VectorStoreOptions.Section).ValidateDataAnnotations();
        services.AddSpindleFileSearch();
        // A provider's embedding model wins; without one, file search embeds with the local model unless it is off.
        services.AddSingleton<IEmbeddingClient>(static sp =>
        {
            IEmbeddingClient provider = sp.GetRequiredService<ProviderRegistry>();
            return provider.IsConfigured || !sp.GetRequiredService<IOptions<VectorStoreOptions>>().Value.LocalEmbeddingModel
                ? provider
                : sp.GetRequiredService<LocalEmbeddingModel>();
        });
        services.AddSingleton<ChunkEmbedder>();
        services.AddSingleton<QueryRewriter>();
        services.AddSingleton<VectorStoreService>();
        services.AddSingleton<VectorStoreFileService>();
        services.AddSingleton<FileBatchService>();
        services.AddSingleton<VectorStoreSearch>();
        services.AddSingleton<ThreadFileSearch>();
        services.AddSingleton<VectorStoreIngestor>();
        services.TryAddSingleton<IIngestionQueue, IngestionQueue>();
        services.AddHostedService<IngestionHost>();
        builder.AddSpindleOperations();
        return builder;
    }

    public static WebApplication MapSpindle(this WebApplication app)
    {
        app.UseExceptionHandler(_ => { }); // Empty on purpose: without AddProblemDetails the argument-less overload throws (dotnet/aspnetcore#51888).
        app.UseMiddleware<AzureRoutesMiddleware>();
        app.UseMiddleware<JsonBodyMiddleware>();
        app.UsePlayground();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();

        app.MapHealth();
        app.MapSpindleOperations();
        var v1 = app.MapGroup("/v1");
        v1.MapAssistants();
        v1.MapThreads();
        v1.MapMessages();
        v1.MapRuns();
        v1.MapModels();
        v1.MapFiles();
        v1.MapVectorStores();
        v1.MapChatCompletions();
        app.MapOpenAIFallback();

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Spindle");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Log.Started(logger, string.Join(", ", app.Urls));
            if (app.Services.GetRequiredService<IModelClient>() is Spindle.Providers.Routing.ProviderRegistry { IsConfigured: false })
            {
                Log.NoUpstream(logger);
            }

            if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthOptions>>().Value is { Keys.Count: 0, BringYourOwnKey: false })
            {
                Log.OpenAuth(logger);
            }

            var sandbox = app.Services.GetRequiredService<ICodeSandbox>();
            _ = ProbeSandboxAsync(sandbox, logger, app.Lifetime.ApplicationStopping);
        });
        return app;
    }

    /// <summary>
    /// Probes the sandbox, which starts a real one, a second after the server starts and off the thread that starts it:
    /// begun at once, its Python start took the cores from the first requests (bench/run.sh figure 5: about 30 ms more
    /// to the first <c>/healthz</c> on 2 cores). The result is computed once (<see cref="ICodeSandbox.CheckAvailability"/>),
    /// so a run or <c>/readyz</c> that asks sooner probes then, and this finds the answer ready.
    /// </summary>
    private static async Task ProbeSandboxAsync(ICodeSandbox sandbox, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(SandboxProbeDelay, stopping);
            if (sandbox.CheckAvailability() is { IsAvailable: false } availability)
            {
                Log.NoSandbox(logger, availability.Detail);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.NoSandbox(logger, e.Message);
        }
    }

    private static readonly TimeSpan SandboxProbeDelay = TimeSpan.FromSeconds(1);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEvents.Started, Level = LogLevel.Information, Message = "Spindle is listening on {Urls}")]
        public static partial void Started(ILogger logger, string urls);

        [LoggerMessage(EventId = LogEvents.NoUpstream, Level = LogLevel.Warning, Message = "No upstream model provider is configured: runs will fail until OPENAI_BASE_URL/OPENAI_API_KEY or Spindle:Providers are set")]
        public static partial void NoUpstream(ILogger logger);

        [LoggerMessage(EventId = LogEvents.NoSandbox, Level = LogLevel.Warning, Message = "The code_interpreter sandbox is unavailable, so code_interpreter runs will fail: {Detail}")]
        public static partial void NoSandbox(ILogger logger, string detail);

        [LoggerMessage(EventId = LogEvents.OpenAuth, Level = LogLevel.Warning, Message = "No API keys are configured (Spindle:Auth:Keys): any bearer token is accepted as the tenant 'default'")]
        public static partial void OpenAuth(ILogger logger);
    }
}
