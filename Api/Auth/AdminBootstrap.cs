using System.Security.Cryptography;
using Spaces.Silo.Stores;

namespace Spaces.Api.Auth;

/// <summary>
/// On first start with no administrator, creates <c>admin</c> with <c>Spaces:Admin:Password</c>, or with a generated
/// password written once to standard output (never to the log, which may be shipped elsewhere).
/// </summary>
public sealed class AdminBootstrap(IUserStore users, PasswordSignIn accounts, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await users.AnyAdminAsync(cancellationToken))
        {
            return;
        }
        var configured = configuration["Spaces:Admin:Password"];
        var password = string.IsNullOrEmpty(configured) ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) : configured;
        await accounts.RegisterAsync("admin", password, isAdmin: true, cancellationToken);
        if (string.IsNullOrEmpty(configured))
        {
            await Console.Out.WriteLineAsync($"Created administrator 'admin' with password: {password}  (shown once; set Spaces:Admin:Password to choose it)");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
