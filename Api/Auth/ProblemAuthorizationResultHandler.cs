using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Spaces.Api.Auth;

/// <summary>Refusals by authorization leave API routes as problem details with a code, like every other error.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !AuthSetup.IsMachineRoute(context.Request))
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var status = authorizeResult.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        var detail = authorizeResult.Forbidden ? "You are not allowed to do this" : "Sign in, or present a valid worker token";
        context.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Detail = detail, Extensions = { ["code"] = AuthSetup.CodeFor(status).ToString() } },
        });
    }
}
