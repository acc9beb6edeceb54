using System.CommandLine;
using System.Text;
using Spaces.Worker.Cli;

// spaces-worker: a mock inference worker and the setup command that prepares a space for it.
Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("Spaces worker tools: run a mock inference worker, or create a test space and token")
{
    MockCommand.Create(),
    SetupSpaceCommand.Create(),
};

// Ctrl+C / SIGTERM cancel the action's token; this leaves time to send the hub a Close message.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
