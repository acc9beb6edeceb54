using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Spaces.Silo.Storage;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class OperationsTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task HealthAndOpenApi_AnswerWithoutSignIn()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Host);

        var live = await anonymous.Http.GetAsync("/health");
        var ready = await anonymous.Http.GetAsync("/health/ready");
        var openApi = JsonSerializer.Deserialize<JsonElement>(await anonymous.Http.GetStringAsync("/openapi/v1.json"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/spaces/{id}/requests", out _), "the OpenAPI document lists the submit route");
        Assert.True(paths.TryGetProperty("/api/requests/{id}/cancel", out _), "the OpenAPI document lists the cancel route");
    }

    [Fact]
    public void TheHealthCheckServicesPerPollEntries_AreOff_SinceStorageReadinessLogsEachChangeOnce()
    {
        var loggers = fixture.Host.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger(typeof(HealthCheckService).Namespace + ".DefaultHealthCheckService").IsEnabled(LogLevel.Error));
        Assert.True(loggers.CreateLogger<StorageReadiness>().IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task UnknownRoute_IsAProblemWithACode()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);

        var response = await user.Http.GetAsync("/api/no-such-thing");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound, "NotFound");
    }
}
