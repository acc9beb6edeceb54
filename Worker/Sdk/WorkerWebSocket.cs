using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace Spaces.Worker.Sdk;

/// <summary>
/// The WebSocket behind the official client's connection (<see cref="HttpConnectionOptions.WebSocketFactory"/>): the part of
/// the client's default factory a worker uses (its access token as a bearer header, X-Requested-With), plus the upgrade's
/// HTTP status, so a rejected token (401/403) can be told apart from a host that is down: the first stops the worker, the
/// second is retried. The default factory's exception carries no status.
/// </summary>
internal static class WorkerWebSocket
{
    public static async ValueTask<WebSocket> ConnectAsync(WebSocketConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        // Makes authentication middleware answer 401 rather than redirect to a login page.
        socket.Options.SetRequestHeader("X-Requested-With", "XMLHttpRequest");
        if (context.Options.AccessTokenProvider is { } tokenProvider && await tokenProvider().ConfigureAwait(false) is { Length: > 0 } token)
        {
            // A header, as the official client sends it outside browsers: an access_token query would end up in URL logs.
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        }

        try
        {
            await socket.ConnectAsync(context.Uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (WebSocketException e) when (socket.HttpStatusCode != 0)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new WorkerConnectionException(
                $"The server refused the WebSocket connection to {context.Uri.GetLeftPart(UriPartial.Path)}: {(int)status} {status}", status, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
