using System.CommandLine;

namespace Spaces.Bench;

/// <summary>The options of the Spaces scenarios, shared by the root command and `compare` (one instance per command).</summary>
public sealed class SpacesOptions
{
    private readonly Option<int> _requests = PositiveOption("--requests", "Requests per latency scenario", 2000);
    private readonly Option<int> _spacesMany = PositiveOption("--spaces-many", "Spaces (one worker each) in the many-spaces scenario", 50);
    private readonly Option<int> _idleWorkers = PositiveOption("--idle-workers", "Idle worker connections in the memory scenario", 500);
    private readonly Option<int> _warmUp = PositiveOption("--warmup", "Unmeasured requests before each latency scenario", 500);
    private readonly Option<string> _apiDll;

    public SpacesOptions(Func<string> defaultApiDll)
    {
        _apiDll = new Option<string>("--api-dll") { Description = "The built host, Spaces.Api.dll", DefaultValueFactory = _ => defaultApiDll() };
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _requests, _spacesMany, _idleWorkers, _warmUp, _apiDll })
        {
            command.Options.Add(option);
        }
    }

    public BenchSettings Read(ParseResult parse) => new(
        Requests: parse.GetValue(_requests),
        SpacesMany: parse.GetValue(_spacesMany),
        IdleWorkers: parse.GetValue(_idleWorkers),
        WarmUp: parse.GetValue(_warmUp),
        ApiDll: parse.GetRequiredValue(_apiDll));

    public static Option<int> PositiveOption(string name, string description, int defaultValue)
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
}
