using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>Sign-in throttled per client address and per user name, and as slow for unknown names as for known ones.</summary>
public sealed class SignInLimitTests
{
    /// <summary>Each test its own host: every test signs in from 127.0.0.1, so they would share one address budget.</summary>
    private static Task<SpacesHost> HostAsync(int perAddress, int perUserName) => SpacesHost.StartAsync(new Dictionary<string, string?>
    {
        ["Spaces:Accounts:MaxSignInsPerAddress"] = $"{perAddress}",
        ["Spaces:Accounts:MaxFailedSignInsPerUserName"] = $"{perUserName}",
        ["Spaces:Accounts:MaxFailedSignIns"] = "1000",
    });

    private static Task<HttpResponseMessage> LoginAsync(ApiClient client, string username, string password) =>
        client.Http.PostAsJsonAsync("/api/auth/login", new { username, password });

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "TooManyRequests");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After is {retryAfter}");
    }

    [Fact]
    public async Task SignIns_PastTheAddressLimit_Are429WithRetryAfter_OnTheApiAndTheForm()
    {
        await using var host = await HostAsync(perAddress: 5, perUserName: 100);
        using var client = ApiClient.Anonymous(host);

        for (var i = 0; i < 5; i++)
        {
            await ApiClient.AssertProblemAsync(await LoginAsync(client, $"guess{i}", "wrong-password"), HttpStatusCode.Unauthorized, "InvalidCredentials");
        }
        var right = await LoginAsync(client, "admin", SpacesHost.AdminPassword);
        var form = await client.Http.PostAsync("/login", new FormUrlEncodedContent([KeyValuePair.Create("username", "admin"), KeyValuePair.Create("password", SpacesHost.AdminPassword)]));

        await AssertTooManyAsync(right);
        await AssertTooManyAsync(form);
    }

    [Fact]
    public async Task FailedSignIns_PastTheUserNameLimit_Are429ForThatName_KnownOrNot_OthersStillSignIn()
    {
        await using var host = await HostAsync(perAddress: 1000, perUserName: 3);
        using var victim = await ApiClient.NewUserAsync(host);
        var name = (await ApiClient.ReadAsync<System.Text.Json.JsonElement>(await victim.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK)).GetProperty("username").GetString()!;
        using var attacker = ApiClient.Anonymous(host);

        foreach (var username in new[] { name, "nobody-by-this-name" })
        {
            for (var i = 0; i < 3; i++)
            {
                await ApiClient.AssertProblemAsync(await LoginAsync(attacker, username, "wrong-password"), HttpStatusCode.Unauthorized, "InvalidCredentials");
            }
            await AssertTooManyAsync(await LoginAsync(attacker, username.ToUpperInvariant(), "wrong-password"));
        }
        var rightButThrottled = await LoginAsync(ApiClient.Anonymous(host), name, ApiClient.NewUserPassword);
        var admin = await LoginAsync(ApiClient.Anonymous(host), "admin", SpacesHost.AdminPassword);

        await AssertTooManyAsync(rightButThrottled);
        Assert.Equal(HttpStatusCode.NoContent, admin.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_ForAnUnknownName_TakesAsLongAsForAKnownOne()
    {
        await using var host = await HostAsync(perAddress: 1000, perUserName: 1000);
        using var user = await ApiClient.NewUserAsync(host);
        var name = (await ApiClient.ReadAsync<System.Text.Json.JsonElement>(await user.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK)).GetProperty("username").GetString()!;
        using var client = ApiClient.Anonymous(host);

        async Task<double> MedianMsAsync(Func<int, string> username)
        {
            var times = new List<double>();
            for (var i = 0; i < 11; i++)
            {
                var watch = Stopwatch.StartNew();
                var response = await LoginAsync(client, username(i), "wrong-password");
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        await MedianMsAsync(i => name);
        var known = await MedianMsAsync(i => name);
        var unknown = await MedianMsAsync(i => $"unknown{i}{Guid.NewGuid():N}"[..20]);

        // Hashing dominates both (tens of ms); without the decoy hash the unknown name answered in about a millisecond.
        Assert.True(unknown >= known * 0.5, $"unknown name {unknown:0.0} ms, known name {known:0.0} ms");
    }
}
