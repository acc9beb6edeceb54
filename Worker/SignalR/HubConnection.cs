using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Spaces.Worker.SignalR;

/// <summary>
/// A minimal SignalR client: JSON hub protocol over WebSockets (PROTOCOLS.md §1). One instance is one connection;
/// reconnecting means creating a new instance (classic reconnect: new negotiate, new handshake).
/// </summary>
public sealed partial class HubConnection : IAsyncDisposable
{
    private readonly HubConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new();
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1); // a WebSocket allows one writer at a time
    private readonly PendingInvocations _pending = new();
    private readonly InvocationDispatcher _dispatcher;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<HubConnectionClosedEventArgs> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RecordBuffer _buffer;
    private int _state = (int)HubConnectionState.Created;
    private int _disposed;
    private long _lastReceivedAt;
    private long _lastSentAt;
    private HubConnectionClosedEventArgs? _closeReason;
    private Task _loops = Task.CompletedTask;

    public HubConnection(HubConnectionOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<HubConnection>.Instance;
        _buffer = new RecordBuffer(options.MaximumReceiveMessageSize);
        _dispatcher = new InvocationDispatcher(SendRecordAsync, options.SerializerOptions, _logger);
        _socket.Options.CollectHttpResponseDetails = true; // to report 401/404 on the upgrade as such
    }

    /// <summary>Raised once, on the thread pool, when a started connection ends.</summary>
    public event EventHandler<HubConnectionClosedEventArgs>? Closed;

    /// <summary>The public id the server knows this connection by; null until connected.</summary>
    public string? ConnectionId { get; private set; }

    public HubConnectionState State => (HubConnectionState)Volatile.Read(ref _state);

    /// <summary>Completes when the connection has ended, with the reason.</summary>
    public Task<HubConnectionClosedEventArgs> WhenClosed => _closed.Task;

    /// <summary>Registers the handler the server reaches with <c>Clients.Client(id).SendAsync/InvokeAsync(target, ...)</c>.</summary>
    public void On(string target, Func<ServerInvocation, CancellationToken, Task<object?>> handler) => _dispatcher.SetHandler(target, handler);

    /// <summary>A handler of one argument that returns nothing.</summary>
    public void On<T>(string target, Func<T, CancellationToken, Task> handler) =>
        On(target, async (invocation, cancellationToken) =>
        {
            await handler(RequiredArgument<T>(invocation), cancellationToken).ConfigureAwait(false);
            return null;
        });

    /// <summary>A handler of one argument whose value answers a server <c>InvokeAsync</c> ("client results").</summary>
    public void On<T, TResult>(string target, Func<T, CancellationToken, Task<TResult>> handler) =>
        On(target, async (invocation, cancellationToken) =>
            (object?)await handler(RequiredArgument<T>(invocation), cancellationToken).ConfigureAwait(false));

    /// <summary>Negotiates, opens the WebSocket and completes the handshake.</summary>
    /// <exception cref="HubConnectionException">The server refused or could not be reached; <see cref="HubConnectionException.StatusCode"/> tells 401 apart.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, (int)HubConnectionState.Connecting, (int)HubConnectionState.Created) != (int)HubConnectionState.Created)
        {
            throw new InvalidOperationException("A HubConnection starts once; create a new one to connect again.");
        }

        var hubUrl = Negotiator.WithoutQuery(_options.Url);
        SignalRLog.Connecting(_logger, hubUrl);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        handshake.CancelAfter(_options.HandshakeTimeout);
        string connectionId;
        try
        {
            var negotiated = await new Negotiator(_http, _logger).NegotiateAsync(_options.Url, _options.AccessToken, handshake.Token)
                .ConfigureAwait(false);
            await ConnectWebSocketAsync(negotiated, handshake.Token).ConfigureAwait(false);
            await SendRecordAsync(HubProtocolWriter.Handshake, handshake.Token).ConfigureAwait(false);
            await ReceiveHandshakeResponseAsync(handshake.Token).ConfigureAwait(false);
            connectionId = negotiated.ConnectionId;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var timeout = new HubConnectionException(
                $"Connecting to {hubUrl} took longer than the handshake timeout of {_options.HandshakeTimeout}.", null, e);
            FailStart(timeout);
            throw timeout;
        }
        catch (Exception e)
        {
            FailStart(e);
            throw;
        }

        ConnectionId = connectionId;
        MarkReceived();
        MarkSent();
        Volatile.Write(ref _state, (int)HubConnectionState.Connected);
        SignalRLog.Connected(_logger, hubUrl, connectionId);
        _loops = Task.WhenAll(
            Task.Run(ReceiveLoopAsync, CancellationToken.None),
            Task.Run(HeartbeatLoopAsync, CancellationToken.None),
            Task.Run(() => _dispatcher.RunAsync(_lifetime.Token), CancellationToken.None));
    }

    /// <summary>Invokes a hub method and waits for its result.</summary>
    /// <exception cref="HubInvocationException">The hub method threw; the message is the server's text.</exception>
    /// <exception cref="HubConnectionClosedException">The connection ended first.</exception>
    public async Task<TResult?> InvokeAsync<TResult>(string target, object?[] arguments, CancellationToken cancellationToken = default)
    {
        var result = await InvokeCoreAsync(target, arguments, cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Undefined ? default : result.Deserialize<TResult>(_options.SerializerOptions);
    }

    /// <summary>Invokes a hub method and waits until it has run, ignoring any result.</summary>
    public Task InvokeAsync(string target, object?[] arguments, CancellationToken cancellationToken = default) =>
        InvokeCoreAsync(target, arguments, cancellationToken);

    /// <summary>Sends an invocation without an id: the server runs it and sends nothing back.</summary>
    public Task SendAsync(string target, object?[] arguments, CancellationToken cancellationToken = default)
    {
        EnsureConnected();
        return SendRecordAsync(HubProtocolWriter.Invocation(null, target, arguments, _options.SerializerOptions), cancellationToken);
    }

    private async Task<JsonElement> InvokeCoreAsync(string target, object?[] arguments, CancellationToken cancellationToken)
    {
        EnsureConnected();
        var (invocationId, completion) = _pending.Add(target);
        try
        {
            var record = HubProtocolWriter.Invocation(invocationId, target, arguments, _options.SerializerOptions);
            await SendRecordAsync(record, cancellationToken).ConfigureAwait(false);
            return await completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.Remove(invocationId);
        }
    }

    private async Task SendRecordAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The caller's token only guards the wait above: cancelling a WebSocket send aborts the whole socket.
            await _socket.SendAsync(record, WebSocketMessageType.Text, endOfMessage: true, _lifetime.Token).ConfigureAwait(false);
            MarkSent();
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            throw new HubConnectionClosedException("The connection closed while sending.", _closeReason?.Error);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void EnsureConnected()
    {
        if (State != HubConnectionState.Connected)
        {
            throw new HubConnectionClosedException($"The connection is {State}, not Connected.", _closeReason?.Error);
        }
    }

    private static T RequiredArgument<T>(ServerInvocation invocation) =>
        invocation.GetArgument<T>(0) is { } argument
            ? argument
            : throw new InvalidDataException($"'{invocation.Target}' was sent a null argument.");

    private void MarkReceived() => Volatile.Write(ref _lastReceivedAt, Environment.TickCount64);

    private void MarkSent() => Volatile.Write(ref _lastSentAt, Environment.TickCount64);
}
