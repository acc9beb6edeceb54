using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Spaces.Worker.Cli;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

public sealed class SetupSpaceTests
{
    [Fact]
    public async Task SetupSpace_AdminLogsIn_CreatesSpaceAndTokenAndPrintsMockCommand()
    {
        var bodies = new Dictionary<string, JsonElement>();
        await using var api = await StartApiAsync(bodies, spaceProblem: null);
        var output = new StringWriter();
        var host = api.BaseUrl.ToString().TrimEnd('/');

        var exitCode = await Wait.ForAsync(
            SetupSpaceCommand.RunAsync(new SetupSpaceSettings(host, "admin", "pw", "MySpace", new WebSocketInputs(true, false, true, false)), output, CancellationToken.None),
            "setup-space to finish");

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("Creating test WebSocket space...", text, StringComparison.Ordinal);
        Assert.Contains("✓ Space created: MySpace", text, StringComparison.Ordinal);
        Assert.Contains($"spaces-worker mock --host {host} --spaces \"MySpace\" --token secret-token-1", text, StringComparison.Ordinal);
        var inputs = bodies["spaces"].GetProperty("inputs");
        Assert.True(inputs.GetProperty("prompt").GetBoolean());
        Assert.True(inputs.GetProperty("audio").GetBoolean());
        Assert.False(inputs.GetProperty("video").GetBoolean());
        Assert.Equal("space-1", bodies["tokens"].GetProperty("space_ids")[0].GetString());
    }

    [Fact]
    public async Task SetupSpace_ApiReturnsProblem_PrintsDetailAndExitsNonZero()
    {
        await using var api = await StartApiAsync([], spaceProblem: "A space named MySpace already exists.");
        var output = new StringWriter();

        var exitCode = await Wait.ForAsync(
            SetupSpaceCommand.RunAsync(new SetupSpaceSettings(api.BaseUrl.ToString(), "admin", "pw", "MySpace", new WebSocketInputs(false, false, false, false)), output, CancellationToken.None),
            "setup-space to finish");

        Assert.Equal(1, exitCode);
        Assert.Contains("A space named MySpace already exists. (DuplicateSpaceName)", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A fake of the three API calls, with a session cookie that the later calls require.</summary>
    private static Task<TestHubServer> StartApiAsync(Dictionary<string, JsonElement> bodies, string? spaceProblem) =>
        TestHubServer.StartAsync(
            _ => { },
            app =>
            {
                app.MapPost("/api/auth/login", (HttpContext context, JsonElement body) =>
                {
                    if (body.GetProperty("username").GetString() != "admin" || body.GetProperty("password").GetString() != "pw")
                    {
                        return Results.Problem(detail: "Wrong username or password.", statusCode: 401);
                    }

                    context.Response.Cookies.Append("session", "s1");
                    return Results.NoContent();
                });
                app.MapPost("/api/spaces", (HttpContext context, JsonElement body) =>
                {
                    if (context.Request.Cookies["session"] != "s1")
                    {
                        return Results.Problem(detail: "Sign in first.", statusCode: 401);
                    }

                    bodies["spaces"] = body.Clone();
                    return spaceProblem is null
                        ? Results.Json(new { id = "space-1", name = body.GetProperty("name").GetString() }, statusCode: 201)
                        : Results.Problem(detail: spaceProblem, statusCode: 409, extensions: new Dictionary<string, object?> { ["code"] = "DuplicateSpaceName" });
                });
                app.MapPost("/api/tokens", (HttpContext context, JsonElement body) =>
                {
                    bodies["tokens"] = body.Clone();
                    return context.Request.Cookies["session"] == "s1"
                        ? Results.Json(new { id = "token-1", token = "secret-token-1" }, statusCode: 201)
                        : Results.Problem(detail: "Sign in first.", statusCode: 401);
                });
            });
}
