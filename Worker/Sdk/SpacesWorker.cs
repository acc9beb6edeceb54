using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Worker.Sdk;

/// <summary>
/// Connects an inference worker to <c>{Host}/hubs/worker</c> (the official SignalR client, WebSockets without negotiate),
/// registers for its spaces and feeds it requests one at a time. Reconnects with backoff after unexpected drops and registers
/// again on every new connection; stops for good on a refused registration or a rejected token.
/// </summary>
/// <example>
/// <code>
/// await new SpacesWorker(new SpacesWorkerOptions { Host = url, Token = token, Spaces = ["A"] }, logger)
///     .RunAsync(async (job, ct) => { await job.ReportProgressAsync(50, "half"); return new { text = "..." }; }, ct);
/// </code>
/// </example>
public sealed class SpacesWorker
{
    private readonly ILogger _logger;
    private readonly ILoggerFactory _clientLoggerFactory;
    private int _running;

    /// <param name="logger">The SDK's own log lines; the SignalR client's diagnostics are not logged.</param>
    public SpacesWorker(SpacesWorkerOptions options, ILogger? logger = null)
        : this(options, logger ?? NullLogger.Instance, NullLoggerFactory.Instance)
    {
    }

    /// <param name="loggerFactory">Logs the SDK's lines under <see cref="SpacesWorker"/> and the SignalR client's diagnostics under its own categories.</param>
    public SpacesWorker(SpacesWorkerOptions options, ILoggerFactory loggerFactory)
        : this(options, loggerFactory?.CreateLogger<SpacesWorker>() ?? throw new ArgumentNullException(nameof(loggerFactory)), loggerFactory)
    {
    }

    private SpacesWorker(SpacesWorkerOptions options, ILogger logger, ILoggerFactory clientLoggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        HubUrl = new Uri(options.HostUri, WorkerHubMethods.Path.TrimStart('/'));
        _logger = logger;
        _clientLoggerFactory = clientLoggerFactory;
    }

    /// <summary>The hub connection is up, before registration.</summary>
    public event EventHandler<WorkerConnectedEventArgs>? Connected;

    /// <summary>The server accepted the registration; requests may now arrive.</summary>
    public event EventHandler<WorkerRegisteredEventArgs>? Registered;

    /// <summary>The connection was lost or a reconnect failed; another attempt follows after the delay.</summary>
    public event EventHandler<WorkerReconnectingEventArgs>? Reconnecting;

    /// <summary>A request arrived and was queued.</summary>
    public event EventHandler<WorkerRequestReceivedEventArgs>? RequestReceived;

    /// <summary>The server cancelled a queued or running request.</summary>
    public event EventHandler<WorkerRequestCancelledEventArgs>? RequestCancelled;

    public SpacesWorkerOptions Options { get; }

    internal Uri HubUrl { get; }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled (then closes the connection and returns normally).
    /// The handler's value is sent with <c>Complete</c>; an exception it throws is sent with <c>Fail</c>.
    /// </summary>
    /// <exception cref="RegistrationRefusedException">The server refused the registration (unknown or duplicate space name, or a worker already connected).</exception>
    /// <exception cref="WorkerConnectionException">The first connection failed, or the server rejected the token (401/403) on a reconnect.</exception>
    public async Task RunAsync(Func<WorkerJob, CancellationToken, Task<object?>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("This SpacesWorker is already running.");
        }

        try
        {
            await RunWithReconnectsAsync(handler, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private async Task RunWithReconnectsAsync(Func<WorkerJob, CancellationToken, Task<object?>> handler, CancellationToken cancellationToken)
    {
        using var files = new WorkerFileClient(Options.HostUri, Options.Token);
        var backoff = new ReconnectBackoff(Options.ReconnectDelays, Options.ReconnectJitter);
        var hasConnected = false; // from then on, a failure is a drop to recover from, not a bad configuration
        var hasRegistered = false;
        var attempt = 0;
        var alreadyConnectedRefusals = 0;
        while (true)
        {
            Exception? dropReason;
            var session = new WorkerSession(this, files, _clientLoggerFactory, _logger);
            await using (session.ConfigureAwait(false))
            {
                try
                {
                    await ConnectAsync(session, hasConnected, cancellationToken).ConfigureAwait(false);
                    var isReconnect = hasConnected;
                    hasConnected = true;
                    SpacesWorkerLog.Connected(_logger, HubUrl.ToString());
                    Raise(Connected, new WorkerConnectedEventArgs(isReconnect));
                    var registrations = await session.RegisterAsync(cancellationToken).ConfigureAwait(false);
                    (hasRegistered, attempt, alreadyConnectedRefusals) = (true, 0, 0);
                    foreach (var registration in registrations)
                    {
                        SpacesWorkerLog.Registered(_logger, registration.SpaceName, registration.SpaceId, registration.ConnectionId);
                    }

                    Raise(Registered, new WorkerRegisteredEventArgs(registrations));
                    dropReason = await session.ProcessUntilClosedAsync(handler, cancellationToken).ConfigureAwait(false);
                    if (dropReason is null)
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (WorkerConnectionException e) when (e.IsTokenRejected)
                {
                    throw; // the token was revoked or is wrong: retrying cannot help
                }
                catch (RegistrationRefusedException e) when (IsRetriableAfterReconnect(e, hasRegistered, ref alreadyConnectedRefusals))
                {
                    SpacesWorkerLog.RetryingRefusedRegistration(_logger, e.Refusal);
                    dropReason = e;
                }
                catch (Exception e) when (hasConnected && e is not RegistrationRefusedException)
                {
                    dropReason = e;
                }
            }

            attempt++;
            var delay = backoff.DelayBefore(attempt);
            SpacesWorkerLog.Reconnecting(_logger, attempt, delay.TotalMilliseconds, dropReason);
            Raise(Reconnecting, new WorkerReconnectingEventArgs(attempt, delay, dropReason));
            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Starts the session's connection. A first connection that fails is a bad host or token, reported as such; later ones are
    /// drops to retry, except a rejected token.
    /// </summary>
    private async Task ConnectAsync(WorkerSession session, bool hasConnected, CancellationToken cancellationToken)
    {
        try
        {
            await session.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!hasConnected && e is not WorkerConnectionException && !cancellationToken.IsCancellationRequested)
        {
            throw new WorkerConnectionException($"Could not connect to {HubUrl}: {e.Message}", null, e);
        }
    }

    /// <summary>
    /// "Already has a connected worker" right after a reconnect usually means the server has not yet noticed that our old
    /// connection died, so it is retried a few times. Storage being out passes, so that is retried with the reconnect
    /// backoff for as long as it lasts. Every other refusal is final.
    /// </summary>
    private bool IsRetriableAfterReconnect(RegistrationRefusedException refusal, bool hasRegistered, ref int refusalsSoFar) =>
        refusal.Refusal == RegistrationRefusal.StorageUnavailable
        || (hasRegistered
            && refusal.Refusal == RegistrationRefusal.SpaceAlreadyHasWorker
            && refusalsSoFar++ < Options.AlreadyConnectedRetries);

    internal void RaiseRequestReceived(WorkerRequestReceivedEventArgs args) => Raise(RequestReceived, args);

    internal void RaiseRequestCancelled(WorkerRequestCancelledEventArgs args) => Raise(RequestCancelled, args);

    /// <summary>A failing subscriber is logged; it must not take the worker down.</summary>
    private void Raise<T>(EventHandler<T>? handler, T args)
    {
        try
        {
            handler?.Invoke(this, args);
        }
        catch (Exception e)
        {
            SpacesWorkerLog.EventHandlerFailed(_logger, e);
        }
    }
}
