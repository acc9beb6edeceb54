using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Spaces.Api.Errors;

/// <summary>
/// Endpoint metadata for the old portal's JSON routes: their clients read <c>{success: false, error, code}</c>, so
/// every refusal there (typed, framework, authorization, cross-site) is written in that shape instead of RFC 7807.
/// </summary>
public sealed class CompatErrorShape
{
    public static readonly CompatErrorShape Instance = new();

    private CompatErrorShape()
    {
    }
}

/// <summary>The <see cref="IProblemDetailsWriter"/> for endpoints marked with <see cref="CompatErrorShape"/>.</summary>
internal sealed class CompatProblemWriter(IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    private sealed record CompatError(bool Success, string? Error, string? Code);

    // The exception handler clears the endpoint before it writes; its feature still names the one that threw.
    public bool CanWrite(ProblemDetailsContext context) =>
        (context.HttpContext.GetEndpoint() ?? context.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint)
            ?.Metadata.GetMetadata<CompatErrorShape>() is not null;

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        // The same code and detail the problem would carry.
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var details = context.ProblemDetails;
        var code = details.Extensions.TryGetValue("code", out var value) ? value?.ToString() : null;
        await context.HttpContext.Response.WriteAsJsonAsync(new CompatError(false, details.Detail, code));
    }
}
