using Microsoft.Net.Http.Headers;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Errors;

/// <summary>
/// A body whose <c>Content-Type</c> names a charset that .NET cannot decode is refused with 415 before any endpoint
/// reads it: the framework's JSON binding would otherwise throw <see cref="InvalidOperationException"/> (a 500).
/// </summary>
public static class RequestCharsets
{
    public static IApplicationBuilder UseKnownRequestCharsets(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null
            && MediaTypeHeaderValue.TryParse(contentType, out var type)
            && type.Charset.HasValue
            && type.Encoding is null)
        {
            throw new SpacesException(ErrorCode.UnsupportedMediaType, $"The charset '{type.Charset}' of the request body is not supported; send UTF-8");
        }
        return next(context);
    });
}
