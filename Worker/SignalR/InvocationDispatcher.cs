using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Spaces.Worker.SignalR;

/// <summary>
/// Runs server→client invocations one at a time in arrival order, off the receive loop,
/// so a handler that itself invokes the hub cannot stall the reading of its own Completion.
/// </summary>
internal sealed class InvocationDispatcher(
    Func<ReadOnlyMemory<byte>, CancellationToken, Task> send,
    JsonSerializerOptions options,
    ILogger logger)
{
    // Text of the official clients, so servers see familiar errors.
    private const string NoResultError = "Client didn't provide a result.";

    private readonly ConcurrentDictionary<string, Func<ServerInvocation, CancellationToken, Task<object?>>> _handlers =
        new(StringComparer.OrdinalIgnoreCase);

    private readonly Channel<ServerInvocation> _queue = Channel.CreateUnbounded<ServerInvocation>(new UnboundedChannelOptions { SingleReader = true });

    public void SetHandler(string target, Func<ServerInvocation, CancellationToken, Task<object?>> handler) => _handlers[target] = handler;

    public void Enqueue(ServerInvocation invocation) => _queue.Writer.TryWrite(invocation);

    /// <summary>Stops accepting invocations; <see cref="RunAsync"/> ends once the queue drains or its token is cancelled.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var invocation in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await DispatchAsync(invocation, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended; invocations still queued are dropped with it.
        }
    }

    private async Task DispatchAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> completion;
        if (!_handlers.TryGetValue(invocation.Target, out var handler))
        {
            SignalRLog.NoHandler(logger, invocation.Target);
            completion = invocation.InvocationId is { } id ? HubProtocolWriter.CompletionWithError(id, NoResultError) : default;
        }
        else
        {
            try
            {
                var result = await handler(invocation, cancellationToken).ConfigureAwait(false);
                completion = invocation.InvocationId is { } id ? HubProtocolWriter.CompletionWithResult(id, result, options) : default;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                SignalRLog.HandlerFailed(logger, invocation.Target, e);
                completion = invocation.InvocationId is { } id ? HubProtocolWriter.CompletionWithError(id, e.Message) : default;
            }
        }

        // Only invocations that carry an id get a Completion; broadcasts must not be answered.
        if (invocation.InvocationId is null)
        {
            return;
        }

        try
        {
            await send(completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SignalRLog.ReplyFailed(logger, invocation.Target, e);
        }
    }
}
