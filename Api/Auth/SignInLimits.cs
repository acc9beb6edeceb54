using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Spaces.Grains.Accounts;
using Spaces.Api.Errors;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// Sign-in throttling on ASP.NET Core's rate limiter: every sign-in post counts against its client address (the
/// endpoint policy <see cref="PerAddressPolicy"/>), answering 429 <c>TooManyRequests</c> with <c>Retry-After</c>.
/// Failed ones are counted by the grains instead: per user and address (a lockout of that address only) and per user
/// name (a growing delay, never a refusal); see <see cref="PasswordSignIn"/>.
/// </summary>
public static class SignInLimits
{
    public const string PerAddressPolicy = "sign-in-per-address";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerAddressPolicy, context =>
            {
                var accounts = context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
                return RateLimitPartition.GetSlidingWindowLimiter(ClientAddress.Of(context), _ => new SlidingWindowRateLimiterOptions
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
