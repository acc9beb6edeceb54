namespace Spaces.HuggingFace;

/// <summary>Settings of the Hub client, bound from <c>Spaces:HuggingFace</c>.</summary>
public sealed class HuggingFaceOptions
{
    public const string SectionName = "Spaces:HuggingFace";

    /// <summary>Hub base URL; tests point it at a local server. Default https://huggingface.co.</summary>
    public Uri Endpoint { get; set; } = new("https://huggingface.co");

    /// <summary>Token for gated or private repos. Sent only to <see cref="Endpoint"/>'s origin, never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Redirect hops followed per request (the Hub needs at most 2: rename, then CDN). Default 5.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Consecutive failed attempts without progress before a request gives up. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay; doubled per failed attempt, capped at <see cref="MaxRetryDelay"/>. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of one backoff delay. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A download whose body delivers nothing for this long counts as a dropped connection. Default 60 s.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Never shows the token.</summary>
    public override string ToString() =>
        $"Endpoint={Endpoint}, Token={(string.IsNullOrEmpty(Token) ? "(none)" : "(set)")}, MaxRedirects={MaxRedirects}, MaxRetries={MaxRetries}";
}
