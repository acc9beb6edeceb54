namespace Spaces.Worker.Sdk;

/// <summary>Settings of a <see cref="SpacesWorker"/>.</summary>
public sealed class SpacesWorkerOptions
{
    /// <summary>Base URL of the Spaces API, e.g. <c>http://localhost:5000</c>; the hub is <c>{Host}/hubs/worker</c>.</summary>
    public required string Host { get; init; }

    /// <summary>
    /// A worker token (POST /api/tokens) for the spaces below. Sent only as a bearer header: on the WebSocket upgrade (the
    /// hub client's access token) and on file requests to the host, never in a URL.
    /// </summary>
    public required string Token { get; init; }

    /// <summary>Names of the spaces this worker serves.</summary>
    public required IReadOnlyList<string> Spaces { get; init; }

    /// <summary>
    /// Waits before successive reconnect attempts after an unexpected drop; the last one repeats until the worker is stopped.
    /// Default 0, 1, 2, 5, 10 s.
    /// </summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; init; } =
        [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    /// <summary>Each reconnect delay is varied by up to this fraction, so many workers do not reconnect in step. Default 0.2.</summary>
    public double ReconnectJitter { get; init; } = 0.2;

    /// <summary>
    /// After a reconnect, how many times "Space X already has a connected worker" is retried: the server may not yet have
    /// noticed that the old connection died. Default 5.
    /// </summary>
    public int AlreadyConnectedRetries { get; init; } = 5;

    /// <summary>
    /// The worker pings when it has sent nothing for this long. Default 15 s: half the server's 30 s client timeout, so one
    /// late ping does not cost the connection.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The connection counts as dead, and is replaced, when nothing arrives from the server for this long. Default 30 s: three
    /// of the server's 10 s pings. The client checks it once a second, so values under a few seconds are coarse.
    /// </summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    internal Uri HostUri { get; private set; } = new("http://localhost");

    /// <summary>Checks every setting and names the one that is wrong.</summary>
    internal void Validate()
    {
        if (!Uri.TryCreate(Host, UriKind.Absolute, out var host) || (host.Scheme != Uri.UriSchemeHttp && host.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"{nameof(Host)} must be an absolute http(s) URL, got '{Host}'.", nameof(Host));
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            throw new ArgumentException($"{nameof(Token)} is required.", nameof(Token));
        }

        if (Spaces.Count == 0 || Spaces.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(Spaces)} must name at least one space, without blank names.", nameof(Spaces));
        }

        if (ReconnectDelays.Count == 0 || ReconnectDelays.Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentException($"{nameof(ReconnectDelays)} must hold at least one non-negative delay.", nameof(ReconnectDelays));
        }

        HostUri = new Uri(host.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }
}
