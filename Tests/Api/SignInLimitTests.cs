using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>
/// Sign-in throttled per client address, locked out per user and address, slowed (never refused) per user name, and as
/// slow for unknown names as for known ones.
/// </summary>
public sealed class SignInLimitTests
{
    /// <summary>Each test its own host: every test signs in from 127.0.0.1, so they would share one address budget.</summary>
    private static Task<SpacesHost> HostAsync(int perAddress, int perUserName, int lockoutAfter = 1000) => SpacesHost.StartAsync(new Dictionary<string, string?>
    {
        ["Spaces:Accounts:MaxSignInsPerAddress"] = $"{perAddress}",
        ["Spaces:Accounts:MaxFailedSignInsPerUserName"] = $"{perUserName}",
        ["Spaces:Accounts:MaxFailedSignIns"] = $"{lockoutAfter}",
        ["Spaces:Accounts:SignInDelayStep"] = "00:00:00.2",
        ["Spaces:Accounts:MaxSignInDelay"] = "00:00:00.6",
    });

    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(600);

    private static async Task<string> NameOfAsync(ApiClient user) =>
        (await ApiClient.ReadAsync<System.Text.Json.JsonElement>(await user.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK)).GetProperty("username").GetString()!;

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
    public async Task SignIn_FiftyParallelWrongGuessesFromOneAddress_OnlyTheLimitAreChecked_AndOnlyThatAddressIsLockedOut()
    {
        await using var host = await HostAsync(perAddress: 1000, perUserName: 1000, lockoutAfter: 5);
        using var victim = await ApiClient.NewUserAsync(host);
        var name = await NameOfAsync(victim);
        using var attacker = ApiClient.AnonymousFrom(host, LoopbackSource.Address(66));

        var guesses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => LoginAsync(attacker, name, $"wrong-password-{i}")));

        Assert.Equal(5, guesses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        var locked = guesses.Where(r => r.StatusCode != HttpStatusCode.Unauthorized).ToList();
        Assert.Equal(45, locked.Count);
        foreach (var response in locked)
        {
            await ApiClient.AssertProblemAsync(response, HttpStatusCode.Locked, "LockedOut");
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromMinutes(4), $"Retry-After is {response.Headers.RetryAfter}");
        }
        await ApiClient.AssertProblemAsync(await LoginAsync(attacker, name, ApiClient.NewUserPassword), HttpStatusCode.Locked, "LockedOut");
        using var realUserElsewhere = ApiClient.AnonymousFrom(host, LoopbackSource.Address(2));
        Assert.Equal(HttpStatusCode.NoContent, (await LoginAsync(realUserElsewhere, name, ApiClient.NewUserPassword)).StatusCode);
    }

    [Fact]
    public async Task SignIn_WhileANameIsHammeredFromManyAddresses_ItIsSlowedNeverRefused_AndTheRealUserSignsIn()
    {
        await using var host = await HostAsync(perAddress: 1000, perUserName: 3, lockoutAfter: 5);
        using var victim = await ApiClient.NewUserAsync(host);
        var name = await NameOfAsync(victim);
        var attackers = Enumerable.Range(10, 12).Select(i => ApiClient.AnonymousFrom(host, LoopbackSource.Address(i))).ToList();
        using var realUser = ApiClient.AnonymousFrom(host, LoopbackSource.Address(2));

        foreach (var username in new[] { name, $"nobody{Guid.NewGuid():N}"[..20] })
        {
            foreach (var attacker in attackers)
            {
                await ApiClient.AssertProblemAsync(await LoginAsync(attacker, username, "wrong-password"), HttpStatusCode.Unauthorized, "InvalidCredentials");
            }
            var watch = Stopwatch.StartNew();
            var slowed = await LoginAsync(attackers[0], username, "wrong-password");
            Assert.True(watch.Elapsed >= MaxDelay, $"a guess for a hammered name took {watch.Elapsed.TotalMilliseconds:0} ms");
            await ApiClient.AssertProblemAsync(slowed, HttpStatusCode.Unauthorized, "InvalidCredentials");
        }

        var hammering = Task.WhenAll(attackers.Select(a => LoginAsync(a, name, "wrong-password")));
        var signIn = Stopwatch.StartNew();
        var signedIn = await LoginAsync(realUser, name, ApiClient.NewUserPassword);
        var took = signIn.Elapsed;
        var hammered = await hammering;

        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        Assert.True(took >= MaxDelay, $"the real user's sign-in waited {took.TotalMilliseconds:0} ms, less than the name's delay");
        Assert.All(hammered, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        attackers.ForEach(a => a.Dispose());
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
