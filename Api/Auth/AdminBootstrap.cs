using System.Security.Cryptography;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// On first start, creates <c>admin</c> with <c>Spaces:Admin:Password</c>, or with a generated password written once
/// to standard output (never to the log, which may be shipped elsewhere). The name's grain lets one host win when
/// several start together.
/// </summary>
public sealed class AdminBootstrap(IGrainFactory grains, PasswordSignIn accounts, IConfiguration configuration) : IHostedService
{
    public const string AdminName = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(AdminName)).GetUserIdAsync() is { } id
            && await grains.GetGrain<IUserGrain>(id).GetAsync() is not null)
        {
            return;
        }
        var configured = configuration["Spaces:Admin:Password"];
        var password = string.IsNullOrEmpty(configured) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) : configured;
        try
        {
            await accounts.RegisterAsync(AdminName, password, isAdmin: true, cancellationToken);
        }
        catch (SpacesException e) when (e.Code == ErrorCode.UsernameTaken)
        {
            return; // another host of the cluster created it first
        }
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Out.WriteLineAsync($"Created administrator 'admin' with password: {password}  (shown once; set Spaces:Admin:Password to choose it)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
