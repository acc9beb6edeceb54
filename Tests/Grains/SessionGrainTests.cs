using Spaces.Grains.Abstractions.Accounts;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class SessionGrainTests(GrainClusterFixture fixture)
{
    private async Task<IUserGrain> RegisterAsync()
    {
        var name = $"sess{Guid.NewGuid():N}"[..20];
        var user = await fixture.Grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name)).RegisterAsync(new NewUser(name, new Secret("right-password"), IsAdmin: false));
        return fixture.Grains.GetGrain<IUserGrain>(user.Id);
    }

    private static async Task<string> SignInAsync(IUserGrain grain, string password = "right-password") =>
        (await grain.SignInAsync(new Secret(password), "192.0.2.1")).SessionId ?? throw new InvalidOperationException("the sign-in started no session");

    [Fact]
    public async Task Session_EndedOne_IsNoLongerLive_WhileAnotherStays()
    {
        var grain = await RegisterAsync();
        var first = await SignInAsync(grain);
        var second = await SignInAsync(grain);

        await grain.EndSessionAsync(first);

        Assert.NotEqual(first, second);
        Assert.False(await grain.IsSessionLiveAsync(first));
        Assert.True(await grain.IsSessionLiveAsync(second));
        Assert.False(await grain.IsSessionLiveAsync("never-issued"));
        Assert.Null((await grain.SignInAsync(new Secret("wrong"), "192.0.2.1")).SessionId);
    }

    [Fact]
    public async Task Sessions_PastTheBound_TheOldestEnds_AndExpiredOnesLapse()
    {
        var grain = await RegisterAsync();
        var sessions = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            sessions.Add(await SignInAsync(grain));
        }

        Assert.False(await grain.IsSessionLiveAsync(sessions[0]));
        Assert.True(await grain.IsSessionLiveAsync(sessions[1]));
        Assert.True(await grain.IsSessionLiveAsync(sessions[20]));

        fixture.Time.Advance(TimeSpan.FromDays(7));
        Assert.False(await grain.IsSessionLiveAsync(sessions[20]));
        Assert.True(await grain.IsSessionLiveAsync(await SignInAsync(grain)));
    }

    [Fact]
    public async Task ChangePassword_EndsTheOtherSessions_AndOnlyTheNewPasswordWorks()
    {
        var grain = await RegisterAsync();
        var mine = await SignInAsync(grain);
        var other = await SignInAsync(grain);

        var wrong = await grain.ChangePasswordAsync(new Secret("not-the-password"), new Secret("new-password-1"), mine, "192.0.2.1");
        Assert.Null(wrong.User);
        Assert.True(await grain.IsSessionLiveAsync(other));

        var changed = await grain.ChangePasswordAsync(new Secret("right-password"), new Secret("new-password-1"), mine, "192.0.2.1");
        Assert.NotNull(changed.User);
        Assert.True(await grain.IsSessionLiveAsync(mine));
        Assert.False(await grain.IsSessionLiveAsync(other));
        Assert.Null((await grain.SignInAsync(new Secret("right-password"), "192.0.2.1")).User);
        Assert.NotNull(await SignInAsync(grain, "new-password-1"));
    }

    [Fact]
    public async Task EndAllSessions_EndsEveryOne_AndSurvivesTheSilo()
    {
        var grain = await RegisterAsync();
        var kept = await SignInAsync(grain);
        await fixture.Cluster.DeactivateAsync(grain);
        Assert.True(await grain.IsSessionLiveAsync(kept));

        await grain.EndAllSessionsAsync();

        await fixture.Cluster.DeactivateAsync(grain);
        Assert.False(await grain.IsSessionLiveAsync(kept));
    }
}
