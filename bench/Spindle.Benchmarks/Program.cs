using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Spindle.Benchmarks;

if (args.Contains("--percentiles"))
    return Percentiles.Run(smoke: args.Contains("--smoke"));
if (args.Contains("--smoke"))
    return Smoke.Run();

// In-process: BenchmarkDotNet's generated project does not find the build output under UseArtifactsOutput.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(SearchBenchmarks).Assembly).Run(args, config);
return 0;
