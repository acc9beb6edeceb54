using System.CommandLine;
using Spaces.Bench.Peers;

namespace Spaces.Bench.Compare;

/// <summary>
/// `spaces-bench compare --base-api-dll …`: our scenarios against an earlier build's host and against this build's, one
/// after the other in one run, then graphile-worker in the same scenarios; each run's own tables, then one table with the
/// ratios. scripts/bench-compare.sh builds the earlier commit and calls this.
/// </summary>
public static class CompareCommand
{
    public static Command Create(Func<string> defaultApiDll)
    {
        var spaces = new SpacesOptions(defaultApiDll);
        var baseApiDll = new Option<string>("--base-api-dll") { Description = "The earlier build's host, Spaces.Api.dll", Required = true };
        var baseLabel = new Option<string>("--base-label") { Description = "What to call the earlier build (a commit)", DefaultValueFactory = _ => "base" };
        var oursLabel = new Option<string>("--ours-label") { Description = "What to call this build (a commit)", DefaultValueFactory = _ => "ours" };
        var peerDirectory = GraphileBenchmark.PeerDirectoryOption();
        var command = new Command("compare", "Our scenarios on an earlier build's host and on this one, then graphile-worker: one table with ratios")
        {
            baseApiDll, baseLabel, oursLabel, peerDirectory,
        };
        spaces.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = spaces.Read(parse);
            try
            {
                var machine = new List<string>();
                var (baseName, oursName) = (parse.GetRequiredValue(baseLabel), parse.GetRequiredValue(oursLabel));

                machine.Add($"{baseName}: {LoadAverage.Read()}");
                var baseSettings = settings with { ApiDll = parse.GetRequiredValue(baseApiDll) };
                var baseRun = await SpacesScenarios.RunAsync(baseSettings, cancellationToken);
                Console.Out.WriteLine($"\n# {baseName} (the earlier build)");
                Report.Print(Console.Out, baseSettings, baseRun);

                machine.Add($"{oursName}: {LoadAverage.Read()}");
                var oursRun = await SpacesScenarios.RunAsync(settings, cancellationToken);
                Console.Out.WriteLine($"\n# {oursName} (this build)");
                Report.Print(Console.Out, settings, oursRun);

                machine.Add($"graphile-worker: {LoadAverage.Read()}");
                var graphile = await GraphileBenchmark.RunAsync(
                    settings.Requests, settings.WarmUp, settings.SpacesMany, parse.GetValue(peerDirectory), cancellationToken);
                GraphileBenchmark.Print(Console.Out, graphile, settings.WarmUp);

                machine.Add($"end: {LoadAverage.Read()}");
                CompareReport.Print(Console.Out, new Side(baseName, baseRun), new Side(oursName, oursRun), graphile, machine);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench compare failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
