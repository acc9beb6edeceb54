using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Silo.Hosting;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class StorageReadinessHostTests
{
    [Fact]
    public async Task HealthReady_InEmbeddedMode_IsUnreadyWhileTheGrainStateFileIsGone_ReadyWhenItIsBack_AndLiveThroughout()
    {
        await using var host = await SpacesHost.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var file = SpacesStorageSettings.From(host.Services.GetRequiredService<IConfiguration>()).GrainStateFile;
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        // As when the data folder's volume is unmounted under the host: the file is no longer where it was.
        File.Move(file, $"{file}.away");
        try
        {
            await Wait.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
                "/health/ready to see the grain-state file gone", TimeSpan.FromSeconds(15));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        }
        finally
        {
            File.Move($"{file}.away", file);
        }

        await Wait.UntilAsync(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            "/health/ready to be ready once the file is back", TimeSpan.FromSeconds(15));
    }
}
