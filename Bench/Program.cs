using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Logging;
using Spaces.Bench;
using Spaces.Bench.GrainStorage;
using Spaces.Bench.ImportMemory;
using Spaces.Bench.Parquet;
using Spaces.Bench.Tokenizer;

// spaces-bench: starts the built host as a separate process and measures request latency, throughput and idle-connection memory.
var requests = PositiveOption("--requests", "Requests per latency scenario", 2000);
var spacesMany = PositiveOption("--spaces-many", "Spaces (one worker each) in the many-spaces scenario", 50);
var idleWorkers = PositiveOption("--idle-workers", "Idle worker connections in the memory scenario", 500);
var warmUp = PositiveOption("--warmup", "Unmeasured requests before each latency scenario", 500);
var apiDll = new Option<string>("--api-dll")
{
    Description = "The built host, Spaces.Api.dll",
    DefaultValueFactory = _ => DefaultApiDll(),
};
var root = new RootCommand("Spaces benchmark: submit→received latency, completed requests/s and memory per idle worker connection")
{
    requests, spacesMany, idleWorkers, warmUp, apiDll,
};
root.Subcommands.Add(TokenizerBenchmark.CreateCommand());
root.Subcommands.Add(ParquetBenchmark.CreateCommand());
root.Subcommands.Add(GrainStorageBenchmark.CreateCommand());
root.Subcommands.Add(ImportMemoryBenchmark.CreateCommand(DefaultApiDll));
root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new BenchSettings(
        Requests: parse.GetValue(requests),
        SpacesMany: parse.GetValue(spacesMany),
        IdleWorkers: parse.GetValue(idleWorkers),
        WarmUp: parse.GetValue(warmUp),
        ApiDll: parse.GetRequiredValue(apiDll));
    try
    {
        await RunAsync(settings, cancellationToken);
        return 0;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine($"spaces-bench failed: {e.Message}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();

static async Task RunAsync(BenchSettings settings, CancellationToken cancellationToken)
{
    // The SDK's own warnings (refused outcomes, dropped connections) are worth seeing; the rest is noise here.
    using var loggerFactory = LoggerFactory.Create(logging => logging
        .AddSimpleConsole(console => console.SingleLine = true)
        .SetMinimumLevel(LogLevel.Warning));
    var workerLogger = loggerFactory.CreateLogger("Spaces.Bench.Workers");
    var password = $"bench-{Guid.NewGuid():N}";

    Console.Error.WriteLine($"Starting the host {settings.ApiDll}");
    await using var host = await HostProcess.StartAsync(settings.ApiDll, password, cancellationToken);
    using var api = new AdminApi(host.BaseAddress);
    await api.LoginAsync("admin", password, cancellationToken);

    // Memory first, on a fresh host: heap grown and left over by the latency runs would otherwise hide the growth.
    var idle = await IdleConnectionsScenario.RunAsync(host, api, settings.IdleWorkers, workerLogger, cancellationToken);
    // Unloaded: one request at a time, so latency is the path itself. Loaded: 8 submitters as fast as they can, so
    // completed/s is the capacity and latency includes the queueing that capacity implies.
    var unloaded = await LatencyScenario.RunAsync("1 space, unloaded", host, api, 1, 1, true, settings, workerLogger, cancellationToken);
    var one = await LatencyScenario.RunAsync("1 space, 8 submitters", host, api, 1, 8, false, settings, workerLogger, cancellationToken);
    var many = await LatencyScenario.RunAsync(
        $"{settings.SpacesMany} spaces, 8 submitters", host, api, settings.SpacesMany, 8, false, settings, workerLogger, cancellationToken);

    Report.Print(Console.Out, settings, host, [unloaded, one, many], idle);
}

static Option<int> PositiveOption(string name, string description, int defaultValue)
{
    var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
    option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{name} must be at least 1.");
        }
    });
    return option;
}

// bin/Release/net10.0 of this project sits three levels under Bench/, whose parent is the repository root.
static string DefaultApiDll()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Spaces.sln")))
        {
            return Path.Combine(folder.FullName, "Api", "bin", "Release", "net10.0", "Spaces.Api.dll");
        }
    }

    return Path.GetFullPath(Path.Combine("Api", "bin", "Release", "net10.0", "Spaces.Api.dll"));
}
