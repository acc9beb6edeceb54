using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Spaces.Grains.Accounts;
using Spaces.Api.Errors;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// Sign-in throttling on ASP.NET Core's rate limiter: every sign-in post counts against its client address (the
/// endpoint policy <see cref="PerAddressPolicy"/>), and every failed one against its user name, known or not
/// (<see cref="SignInFailures"/>), so a guesser is slowed per name from any number of addresses. Both answer 429
/// <c>TooManyRequests</c> with <c>Retry-After</c>.
/// </summary>
public static class SignInLimits
{
    public const string PerAddressPolicy = "sign-in-per-address";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services)
    {
        services.AddSingleton<SignInFailures>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerAddressPolicy, context =>
            {
                var accounts = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
                return RateLimitPartition.GetSlidingWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = accounts.MaxSignInsPerAddress,
                    Window = accounts.SignInWindow,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(10);
                throw new SpacesException(ErrorCode.TooManyRequests, "Too many sign-in attempts from this address. Try again later.") { RetryAfter = wait };
            };
        });
        return services;
    }
}

/// <summary>Failed sign-ins per user name (case-insensitive) in a sliding window.</summary>
public sealed class SignInFailures : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInFailures(IOptions<AccountOptions> options)
    {
        var accounts = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetSlidingWindowLimiter(name, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = accounts.MaxFailedSignInsPerUserName,
            Window = accounts.SignInWindow,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));
    }

    /// <summary>Refuses with 429 when the name has used up its failures; asking takes none.</summary>
    public void ThrowIfExhausted(string username)
    {
        using var lease = _limiter.AttemptAcquire(username.ToUpperInvariant(), 0);
        if (!lease.IsAcquired)
        {
            throw new SpacesException(ErrorCode.TooManyRequests, "Too many failed sign-ins for this user name. Try again later.")
            {
                RetryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10),
            };
        }
    }

    public void Count(string username)
    {
        using var _ = _limiter.AttemptAcquire(username.ToUpperInvariant());
    }

    public void Dispose() => _limiter.Dispose();
}
