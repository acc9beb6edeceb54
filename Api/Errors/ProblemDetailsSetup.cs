using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Storage;

namespace Spaces.Api.Errors;

/// <summary>
/// Every error leaves as RFC 7807 problem details with a <c>code</c>: typed refusals keep theirs, framework errors
/// (bad JSON, oversized bodies, unknown routes) get one from their status, and only a real fault is a 500.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddSpacesProblemDetails(this IServiceCollection services)
    {
        // Before AddProblemDetails: the first writer that can write a response does.
        services.AddSingleton<IProblemDetailsWriter, CompatProblemWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var details = context.ProblemDetails;
            if (!details.Extensions.ContainsKey("code"))
            {
                details.Extensions["code"] = CodeOf(context.HttpContext, details.Status ?? 500);
            }
            details.Detail ??= details.Status switch
            {
                404 => $"Nothing at {context.HttpContext.Request.Path}",
                405 => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}",
                _ => details.Title,
            };
        });
        services.AddExceptionHandler<SpacesExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    private static string CodeOf(HttpContext context, int status) => status switch
    {
        400 => nameof(ErrorCode.InvalidInput),
        401 => nameof(ErrorCode.Unauthorized),
        403 => nameof(ErrorCode.Forbidden),
        404 => "NotFound",
        405 => "MethodNotAllowed",
        413 => nameof(ErrorCode.PayloadTooLarge),
        415 => nameof(ErrorCode.UnsupportedMediaType),
        _ when context.Features.Get<IExceptionHandlerFeature>() is not null => "InternalError",
        _ => $"Http{status}",
    };

    private sealed class SpacesExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        // About as long as a short outage, and past the few seconds readiness takes to see storage back.
        private static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(5);

        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (ClusterFailures.IsTransient(exception))
            {
                exception = ClusterFailures.Refusal();
            }
            var (status, code, detail) = exception switch
            {
                SpacesException e => (ErrorStatus.Of(e.Code), e.Code.ToString(), e.Detail),
                BadHttpRequestException { StatusCode: 413 } => (413, nameof(ErrorCode.PayloadTooLarge), "The request body is too large"),
                BadHttpRequestException { StatusCode: 415 } e => (415, nameof(ErrorCode.UnsupportedMediaType), InnerMessage(e)),
                BadHttpRequestException e => (e.StatusCode, nameof(ErrorCode.InvalidInput), InnerMessage(e)),
                // Storage out under a grain's activation, an SDK call or a timed-out grain call: retry shortly, not a fault.
                _ when StorageOutage.Explains(exception) => (503, nameof(ErrorCode.StorageUnavailable), SpacesException.StorageUnavailable().Detail),
                _ => (0, "", ""),
            };
            if (status == 0 || context.Response.HasStarted)
            {
                return false;
            }
            context.Response.StatusCode = status;
            if (exception is SpacesException { RetryAfter: { } retryAfter })
            {
                context.Response.Headers.RetryAfter = ErrorStatus.RetryAfterSeconds(retryAfter);
            }
            else if (code == nameof(ErrorCode.StorageUnavailable))
            {
                context.Response.Headers.RetryAfter = ErrorStatus.RetryAfterSeconds(StorageRetryAfter);
            }
            var problem = new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = status, Detail = detail, Extensions = { ["code"] = code } },
            };
            if (exception is SpacesException { Reason: { } reason })
            {
                problem.ProblemDetails.Extensions["reason"] = reason;
            }
            return await problems.TryWriteAsync(problem);
        }

        // Minimal APIs wrap JSON errors; the inner message says which property or position is wrong.
        private static string InnerMessage(BadHttpRequestException e) => e.InnerException?.Message ?? e.Message;
    }
}
