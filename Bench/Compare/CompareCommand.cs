using System.CommandLine;
using Spaces.Bench.Floor;
using Spaces.Bench.Peers;

namespace Spaces.Bench.Compare;

/// <summary>
/// `spaces-bench compare --base-api-dll …`: our scenarios against an earlier build's host and against this build's, one
/// after the other in one run, then graphile-worker in the same scenarios and the transport floor (<see cref="TransportFloor"/>),
/// for as many rounds as asked; each run's own tables, then one table with the ratios of the medians. scripts/bench-compare.sh builds the earlier commit and calls this.
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
        var rounds = SpacesOptions.PositiveOption("--rounds", "Rounds of the three runs; the table shows each measure's median over the rounds", 1);
        var command = new Command("compare", "Our scenarios on an earlier build's host and on this one, then graphile-worker: one table with ratios")
        {
            baseApiDll, baseLabel, oursLabel, rounds, peerDirectory,
        };
        spaces.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = spaces.Read(parse);
            try
            {
                var (baseName, oursName) = (parse.GetRequiredValue(baseLabel), parse.GetRequiredValue(oursLabel));
                var baseSettings = settings with { ApiDll = parse.GetRequiredValue(baseApiDll) };
                var (baseRuns, oursRuns, graphileRuns, loads) = (new List<SpacesRun>(), new List<SpacesRun>(), new List<GraphileRun>(), new List<string>());
                var floorRuns = new List<IReadOnlyList<FloorResult>>();
                // Round after round of the three, so that a change in the machine's load falls on all of them, not on one; the two
                // builds swap places every round, since on a shared machine the load drifts within a round too.
                for (var round = 1; round <= parse.GetValue(rounds); round++)
                {
                    var builds = round % 2 == 1
                        ? new[] { (baseName, baseSettings, baseRuns), (oursName, settings, oursRuns) }
                        : [(oursName, settings, oursRuns), (baseName, baseSettings, baseRuns)];
                    foreach (var (name, buildSettings, runs) in builds)
                    {
                        loads.Add($"round {round} {name}: {LoadAverage.Read()}");
                        runs.Add(await SpacesScenarios.RunAsync(buildSettings, cancellationToken));
                        Console.Out.WriteLine($"\n# {name}, round {round}");
                        Report.Print(Console.Out, buildSettings, runs[^1]);
                    }

                    loads.Add($"round {round} graphile-worker: {LoadAverage.Read()}");
                    graphileRuns.Add(await GraphileBenchmark.RunAsync(
                        settings.Requests, settings.WarmUp, settings.SpacesMany, parse.GetValue(peerDirectory), cancellationToken));
                    GraphileBenchmark.Print(Console.Out, graphileRuns[^1], settings.WarmUp);

                    loads.Add($"round {round} transport floor: {LoadAverage.Read()}");
                    floorRuns.Add(await TransportFloor.RunBothAsync(settings.Requests, settings.WarmUp, cancellationToken));
                    TransportFloor.Print(Console.Out, [floorRuns[^1]]);
                }

                loads.Add($"end: {LoadAverage.Read()}");
                CompareReport.Print(Console.Out, new Side(baseName, baseRuns), new Side(oursName, oursRuns), graphileRuns, floorRuns, loads);
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
