using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Worker.Sdk;

/// <summary>
/// One hub connection of a <see cref="SpacesWorker"/>: registers, queues requests in arrival order and runs them one at a time.
/// When the connection drops, the running job is cancelled and the queue is dropped: the server dispatches them again.
/// </summary>
internal sealed class WorkerSession : IAsyncDisposable
{
    private static readonly TimeSpan OutcomeRetryPause = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxOutcomeRetryPause = TimeSpan.FromSeconds(4);
    private readonly SpacesWorker _worker;
    private readonly HubConnection _connection;
    private readonly WorkerFileClient _files;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<WorkerRequest> _queue = Channel.CreateUnbounded<WorkerRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly HashSet<string> _cancelledWhileQueued = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    public WorkerSession(SpacesWorker worker, WorkerFileClient files, ILoggerFactory clientLoggerFactory, ILogger logger)
    {
        _worker = worker;
        _files = files;
        _logger = logger;
        var options = worker.Options;
        // WebSockets without negotiate: the one request is the upgrade, so a load balancer in front of several hosts needs
        // no session affinity. No automatic reconnect either: SpacesWorker reconnects itself, because every new connection
        // must register again (the server forgets the old one) and a refused registration must end RunAsync.
        var builder = new HubConnectionBuilder()
            .WithUrl(worker.HubUrl, HttpTransportType.WebSockets, http =>
            {
                http.SkipNegotiation = true;
                http.AccessTokenProvider = () => Task.FromResult<string?>(options.Token);
                http.WebSocketFactory = WorkerWebSocket.ConnectAsync;
            })
            .AddJsonProtocol(json => SpacesJson.Configure(json.PayloadSerializerOptions));
        builder.Services.AddSingleton(clientLoggerFactory); // replaces the builder's own factory: the last registration wins
        _connection = builder.Build();
        _connection.KeepAliveInterval = options.KeepAliveInterval;
        _connection.ServerTimeout = options.ServerTimeout;
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        // Handlers are in place before the handshake, so nothing the server sends is missed.
        _connection.On<WorkerRequest>(WorkerHubMethods.Request, OnRequest);
        _connection.On<WorkerCancel>(WorkerHubMethods.Cancel, OnCancel);
    }

    public Task ConnectAsync(CancellationToken cancellationToken) => _connection.StartAsync(cancellationToken);

    /// <exception cref="RegistrationRefusedException">The hub refused; the message is the server's reason.</exception>
    public async Task<IReadOnlyList<WorkerRegistration>> RegisterAsync(CancellationToken cancellationToken)
    {
        try
        {
            var spaces = _worker.Options.Spaces.ToArray();
            var registrations = await _connection.InvokeAsync<WorkerRegistration[]?>(WorkerHubMethods.Register, spaces, cancellationToken)
                .ConfigureAwait(false);
            return registrations ?? [];
        }
        catch (HubException e)
        {
            throw new RegistrationRefusedException(HubErrorText.ServerMessage(e), e);
        }
    }

    /// <summary>Processes requests until the connection ends (returns why) or the worker is stopped (closes it, returns null).</summary>
    public async Task<Exception?> ProcessUntilClosedAsync(
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        CancellationToken stopping)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var processing = ProcessQueueAsync(handler, session.Token);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stopping.Register(() => stopped.TrySetResult()))
        {
            await Task.WhenAny(_closed.Task, stopped.Task).ConfigureAwait(false);
        }

        await session.CancelAsync().ConfigureAwait(false);
        await processing.ConfigureAwait(false);
        if (_closed.Task.IsCompleted && !stopping.IsCancellationRequested)
        {
            return await _closed.Task.ConfigureAwait(false) ?? new IOException("The server closed the connection.");
        }

        await _connection.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private void OnRequest(WorkerRequest request)
    {
        int queueLength;
        lock (_gate)
        {
            _queued.Add(request.RequestId);
            queueLength = _queued.Count;
        }

        _queue.Writer.TryWrite(request);
        SpacesWorkerLog.RequestReceived(_logger, request.RequestId, queueLength);
        _worker.RaiseRequestReceived(new WorkerRequestReceivedEventArgs(request, queueLength));
    }

    private void OnCancel(WorkerCancel cancel)
    {
        bool wasRunning;
        lock (_gate)
        {
            wasRunning = _running.TryGetValue(cancel.RequestId, out var running);
            if (running is not null)
            {
                running.Cancel();
            }
            else if (!_queued.Contains(cancel.RequestId))
            {
                return; // already finished, or never here
            }
            else
            {
                _cancelledWhileQueued.Add(cancel.RequestId);
            }
        }

        SpacesWorkerLog.RequestCancelled(_logger, cancel.RequestId, wasRunning);
        _worker.RaiseRequestCancelled(new WorkerRequestCancelledEventArgs(cancel.RequestId, wasRunning));
    }

    private async Task ProcessQueueAsync(Func<WorkerJob, CancellationToken, Task<object?>> handler, CancellationToken session)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(session).ConfigureAwait(false))
            {
                using var requestCancellation = CancellationTokenSource.CreateLinkedTokenSource(session);
                lock (_gate)
                {
                    _queued.Remove(request.RequestId);
                    if (_cancelledWhileQueued.Remove(request.RequestId))
                    {
                        continue;
                    }

                    _running[request.RequestId] = requestCancellation;
                }

                try
                {
                    await RunJobAsync(request, handler, requestCancellation.Token, session).ConfigureAwait(false);
                }
                finally
                {
                    lock (_gate)
                    {
                        _running.Remove(request.RequestId);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // The connection ended or the worker is stopping; queued requests go back to the server.
        }
    }

    private async Task RunJobAsync(
        WorkerRequest request,
        Func<WorkerJob, CancellationToken, Task<object?>> handler,
        CancellationToken requestToken,
        CancellationToken session)
    {
        var job = new WorkerJob(request, _connection, _files, e => SpacesWorkerLog.ProgressRejected(_logger, HubErrorText.ServerMessage(e)), requestToken);
        object? result;
        try
        {
            result = await handler(job, requestToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (requestToken.IsCancellationRequested)
        {
            SpacesWorkerLog.ResultDiscarded(_logger, request.RequestId);
            return;
        }
        catch (Exception e)
        {
            SpacesWorkerLog.HandlerFailed(_logger, request.RequestId, e);
            await SendOutcomeAsync(WorkerHubMethods.Fail, request.RequestId, e.Message, session).ConfigureAwait(false);
            return;
        }

        // A cancelled request gets no Complete, even when the handler ignored its token and finished.
        if (requestToken.IsCancellationRequested)
        {
            SpacesWorkerLog.ResultDiscarded(_logger, request.RequestId);
            return;
        }

        await SendOutcomeAsync(WorkerHubMethods.Complete, request.RequestId, result, session).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends Complete or Fail. While the server says its storage is out, the outcome is sent again with a growing pause:
    /// the server changed nothing, and the request stays this worker's until it hears the outcome or the connection ends.
    /// </summary>
    private async Task SendOutcomeAsync(string method, string requestId, object? outcome, CancellationToken session)
    {
        try
        {
            for (var pause = OutcomeRetryPause; ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxOutcomeRetryPause.Ticks)))
            {
                try
                {
                    await _connection.InvokeAsync(method, requestId, outcome, session).ConfigureAwait(false);
                    return;
                }
                catch (HubException e) when (HubErrorText.SaysStorageUnavailable(HubErrorText.ServerMessage(e)))
                {
                    SpacesWorkerLog.OutcomeDeferred(_logger, method, requestId, pause.TotalMilliseconds);
                    await Task.Delay(pause, session).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (session.IsCancellationRequested)
        {
            // The connection ended while storage was out: the server dispatches the request again.
        }
        catch (HubException e)
        {
            SpacesWorkerLog.OutcomeRejected(_logger, method, requestId, HubErrorText.ServerMessage(e));
        }
        catch (Exception e) when (e is not (JsonException or NotSupportedException))
        {
            // The connection closed under the call (the client fails it with whatever ended the connection): the server
            // dispatches the request again. A result that cannot be serialized is the handler's bug and is not hidden here.
            SpacesWorkerLog.OutcomeNotSent(_logger, method, requestId, e);
        }
    }
}

