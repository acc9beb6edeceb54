using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Grains;

[Collection(GrainClusterCollection.Name)]
public sealed class AccountGrainTests(GrainClusterFixture fixture)
{
    private static string UniqueName() => $"user{Guid.NewGuid():N}"[..20];

    private Task<UserAccount> RegisterAsync(string name, string password = "right-password") =>
        fixture.Grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name)).RegisterAsync(new NewUser(name, new Secret(password), IsAdmin: false));

    private const string Guesser = "192.0.2.66";

    private Task<SignInOutcome> SignInAsync(UserAccount user, string password, string address = Guesser) =>
        fixture.Grains.GetGrain<IUserGrain>(user.Id).SignInAsync(new Secret(password), address);

    private IUserNameGrain NameGrain(UserAccount user) => fixture.Grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(user.Username));

    [Fact]
    public async Task Register_TheSameNameInAnotherCase_IsRefusedAsTaken()
    {
        var name = UniqueName();
        var user = await RegisterAsync(name);

        var refusal = await Assert.ThrowsAsync<SpacesException>(() => RegisterAsync(name.ToUpperInvariant()));

        Assert.Equal(ErrorCode.UsernameTaken, refusal.Code);
        Assert.Equal(user.Id, await fixture.Grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name)).GetUserIdAsync());
    }

    [Fact]
    public async Task Register_ManyAtOnceForOneName_ExactlyOneWins()
    {
        var name = UniqueName();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return (await RegisterAsync(name)).Id;
            }
            catch (SpacesException e) when (e.Code == ErrorCode.UsernameTaken)
            {
                return null;
            }
        }));

        Assert.Single(attempts, id => id is not null);
    }

    [Fact]
    public async Task SignIn_FiftyParallelWrongGuesses_OnlyTheLimitIsChecked_ThenThatAddressAloneIsLockedOut()
    {
        var user = await RegisterAsync(UniqueName());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => SignInAsync(user, $"wrong-{i}")));

        Assert.Equal(5, outcomes.Count(o => o.User is null && o.LockedUntil is null));
        Assert.Equal(45, outcomes.Count(o => o.LockedUntil is not null));
        var rightButLocked = await SignInAsync(user, "right-password");
        Assert.Null(rightButLocked.User);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(5), rightButLocked.LockedUntil);
        Assert.Equal(user, (await SignInAsync(user, "right-password", "198.51.100.7")).User);
    }

    [Fact]
    public async Task SignIn_AfterTheLockoutEnds_TheRightPasswordWorksAndResetsTheCount()
    {
        var user = await RegisterAsync(UniqueName());
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(user, "wrong");
        }
        Assert.NotNull((await SignInAsync(user, "right-password")).LockedUntil);

        fixture.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var signedIn = await SignInAsync(user, "right-password");

        Assert.Equal(user, signedIn.User);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null((await SignInAsync(user, "wrong")).LockedUntil);
        }
        Assert.Equal(user, (await SignInAsync(user, "right-password")).User);
    }

    [Fact]
    public async Task SignIn_FailuresOlderThanALockout_AreForgotten()
    {
        var user = await RegisterAsync(UniqueName());
        for (var i = 0; i < 4; i++)
        {
            await SignInAsync(user, "wrong");
        }

        fixture.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Null((await SignInAsync(user, "wrong")).LockedUntil);
        Assert.Null((await SignInAsync(user, "right-password")).LockedUntil);
    }

    [Fact]
    public async Task NameFailures_PastTheFreeOnes_DoubleTheDelayUpToTheBound_ThenLapse()
    {
        var user = await RegisterAsync(UniqueName());
        var name = NameGrain(user);
        var unknown = fixture.Grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(UniqueName()));
        var delays = new List<TimeSpan>();
        var unknownDelays = new List<TimeSpan>();
        for (var i = 0; i < 16; i++)
        {
            await name.CountFailedSignInAsync();
            await unknown.CountFailedSignInAsync();
            delays.Add((await name.BeginSignInAsync()).Delay);
            unknownDelays.Add((await unknown.BeginSignInAsync()).Delay);
        }

        Assert.Equal(user.Id, (await name.BeginSignInAsync()).UserId);
        Assert.Null((await unknown.BeginSignInAsync()).UserId);
        Assert.Equal([.. Enumerable.Repeat(0.0, 10), 250, 500, 1000, 2000, 3000, 3000], delays.Select(d => d.TotalMilliseconds));
        Assert.Equal(delays, unknownDelays);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, (await name.BeginSignInAsync()).Delay);
    }

    [Fact]
    public async Task User_AfterItsSiloIsGone_IsReadBackFromStorage()
    {
        var user = await RegisterAsync(UniqueName());
        var grain = fixture.Grains.GetGrain<IUserGrain>(user.Id);

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal(user, await grain.GetAsync());
        Assert.Equal(user, (await SignInAsync(user, "right-password")).User);
    }

    [Fact]
    public async Task WorkerToken_CreatedRevokedAndTouched_ListedNewestFirstForItsOwnerAndForAll()
    {
        var owner = $"owner{Guid.NewGuid():N}";
        var first = await fixture.Grains.GetGrain<IWorkerTokenGrain>(Guid.NewGuid().ToString("N")).CreateAsync(new NewWorkerToken("first", "hash1", owner, ["s1"]));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var second = await fixture.Grains.GetGrain<IWorkerTokenGrain>(Guid.NewGuid().ToString("N")).CreateAsync(new NewWorkerToken("second", "hash2", owner, ["s1", "s2"]));

        Assert.Equal([second.Id, first.Id], await fixture.Grains.GetGrain<IIndexGrain>(Indexes.TokensOf(owner)).ListAsync());
        var all = (await fixture.Grains.GetGrain<IIndexGrain>(Indexes.AllTokens).ListAsync()).ToList();
        Assert.True(all.IndexOf(second.Id) < all.IndexOf(first.Id), "the list of all tokens is newest first");

        var grain = fixture.Grains.GetGrain<IWorkerTokenGrain>(first.Id);
        await grain.TouchAsync(TimeSpan.FromMinutes(1));
        var touched = (await grain.GetAsync())!.LastUsedAt;
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
        await grain.TouchAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(touched, (await grain.GetAsync())!.LastUsedAt);

        Assert.True(await grain.RevokeAsync());
        Assert.False(await grain.RevokeAsync());
        Assert.Equal(fixture.Time.GetUtcNow(), (await grain.GetAsync())!.RevokedAt);
    }
}
