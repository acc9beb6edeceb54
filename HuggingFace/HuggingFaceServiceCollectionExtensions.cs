using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Spaces.HuggingFace;

public static class HuggingFaceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="HubClient"/> as a typed HTTP client bound to <c>Spaces:HuggingFace</c>, on a handler that
    /// leaves redirects to the client (so the token is dropped on cross-host redirects).
    /// </summary>
    public static IHttpClientBuilder AddHuggingFaceHub(this IServiceCollection services)
    {
        services.AddOptions<HuggingFaceOptions>()
            .BindConfiguration(HuggingFaceOptions.SectionName)
            .Validate(o => o.Endpoint is { IsAbsoluteUri: true } e && (e.Scheme == Uri.UriSchemeHttps || e.Scheme == Uri.UriSchemeHttp),
                $"{HuggingFaceOptions.SectionName}:Endpoint must be an absolute http(s) URL such as https://huggingface.co.")
            .Validate(o => o.MaxRedirects >= 0 && o.MaxRetries >= 0 && o.ReadTimeout > TimeSpan.Zero,
                $"{HuggingFaceOptions.SectionName}: MaxRedirects and MaxRetries must be >= 0 and ReadTimeout positive.")
            .ValidateOnStart();

        return services
            .AddHttpClient(nameof(HubClient))
            .ConfigurePrimaryHttpMessageHandler(HubClient.CreateHandler)
            .AddTypedClient((http, provider) => new HubClient(
                http, provider.GetRequiredService<IOptions<HuggingFaceOptions>>().Value, provider.GetRequiredService<ILogger<HubClient>>()));
    }
}
