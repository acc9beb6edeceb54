using System.CommandLine;
using Spaces.Bench;
using Spaces.Bench.Cluster;
using Spaces.Bench.Compare;
using Spaces.Bench.Floor;
using Spaces.Bench.GrainStorage;
using Spaces.Bench.ImportMemory;
using Spaces.Bench.Parquet;
using Spaces.Bench.Peers;
using Spaces.Bench.Tokenizer;

// spaces-bench: starts the built host as a separate process and measures request latency, throughput and idle-connection memory.
var spaces = new SpacesOptions(DefaultApiDll);
var root = new RootCommand("Spaces benchmark: submit→received latency, completed requests/s and memory per idle worker connection");
spaces.AddTo(root);
root.Subcommands.Add(TokenizerBenchmark.CreateCommand());
root.Subcommands.Add(ParquetBenchmark.CreateCommand());
root.Subcommands.Add(GrainStorageBenchmark.CreateCommand());
root.Subcommands.Add(ImportMemoryBenchmark.CreateCommand(DefaultApiDll));
root.Subcommands.Add(GraphileBenchmark.CreateCommand());
root.Subcommands.Add(CompareCommand.Create(DefaultApiDll));
root.Subcommands.Add(ClusterCommand.Create(DefaultApiDll));
root.Subcommands.Add(TransportFloor.CreateCommand());
root.Subcommands.Add(FloorServer.CreateCommand());
root.SetAction(async (parse, cancellationToken) =>
{
    var settings = spaces.Read(parse);
    try
    {
        var run = await SpacesScenarios.RunAsync(settings, cancellationToken);
        Report.Print(Console.Out, settings, run);
        return 0;
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine($"spaces-bench failed: {e.Message}");
        return 1;
    }
});
return await root.Parse(args).InvokeAsync();

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
