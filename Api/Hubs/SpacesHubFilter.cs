using Microsoft.AspNetCore.SignalR;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Hubs;

/// <summary>Typed refusals reach hub clients as their human message; anything else stays a generic hub error.</summary>
public sealed class SpacesHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (SpacesException e)
        {
            throw new HubException(e.Detail);
        }
    }
}
