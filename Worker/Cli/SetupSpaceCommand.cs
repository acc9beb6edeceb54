using System.CommandLine;

namespace Spaces.Worker.Cli;

/// <summary>
/// <c>spaces-worker setup-space --host URL --username U --password P [--name N] [--audio] [--video] [--image] [--file]</c>:
/// creates a space and a worker token for it, and prints the command that runs the mock against it.
/// </summary>
public static class SetupSpaceCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Spaces API base URL", Required = true };
        var username = new Option<string>("--username") { Description = "An admin user", Required = true };
        var password = new Option<string>("--password") { Description = "The admin's password", Required = true };
        var name = new Option<string?>("--name") { Description = "Space name (default TestSpace_{unix seconds})" };
        var audio = new Option<bool>("--audio") { Description = "Accept audio files" };
        var video = new Option<bool>("--video") { Description = "Accept video files" };
        var image = new Option<bool>("--image") { Description = "Accept images" };
        var file = new Option<bool>("--file") { Description = "Accept other files" };
        var command = new Command("setup-space", "Create a WebSocket test space and a worker token for it")
        {
            host, username, password, name, audio, video, image, file,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new SetupSpaceSettings(
                parse.GetRequiredValue(host),
                parse.GetRequiredValue(username),
                parse.GetRequiredValue(password),
                parse.GetValue(name) ?? $"TestSpace_{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}",
                new WebSocketInputs(parse.GetValue(audio), parse.GetValue(video), parse.GetValue(image), parse.GetValue(file))),
            Console.Out,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(SetupSpaceSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("Creating test WebSocket space...");
        output.WriteLine($"Host: {settings.Host}");
        output.WriteLine($"Admin User: {settings.Username}");
        output.WriteLine();
        if (!Uri.TryCreate(settings.Host, UriKind.Absolute, out var host))
        {
            output.WriteLine($"✗ --host must be an absolute URL, got '{settings.Host}'");
            return 1;
        }

        try
        {
            using var api = new SpacesAdminClient(host);
            await api.LoginAsync(settings.Username, settings.Password, cancellationToken);
            var spaceId = await api.CreateSpaceAsync(settings.Name, "WebSocket test space created by spaces-worker setup-space", settings.Inputs, cancellationToken);
            var token = await api.CreateTokenAsync($"{settings.Name} worker", spaceId, cancellationToken);
            output.WriteLine($"✓ Space created: {settings.Name}");
            output.WriteLine($"  Space ID: {spaceId}");
            output.WriteLine();
            output.WriteLine("Now run the mock app with:");
            output.WriteLine($"  spaces-worker mock --host {settings.Host} --spaces \"{settings.Name}\" --token {token}");
            return 0;
        }
        catch (SpacesApiException e)
        {
            output.WriteLine($"✗ {e.Message}{(e.Code is null ? "" : $" ({e.Code})")}");
            return 1;
        }
        catch (HttpRequestException e)
        {
            output.WriteLine($"✗ Could not reach {settings.Host}: {e.Message}");
            return 1;
        }
    }
}

/// <summary>Settings of <c>spaces-worker setup-space</c>.</summary>
public sealed record SetupSpaceSettings(string Host, string Username, string Password, string Name, WebSocketInputs Inputs);
