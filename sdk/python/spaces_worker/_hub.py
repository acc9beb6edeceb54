"""The ASP.NET Core SignalR JSON hub protocol, spoken by hand over one WebSocket.

Negotiate (POST {hub}/negotiate?negotiateVersion=1), open ws(s)://{hub}?id={connectionToken}&access_token={token},
handshake {"protocol":"json","version":1}, then JSON records terminated by 0x1E: invocations with results both ways,
pings in both directions, a server timeout, and Close.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Awaitable, Callable, Union

try:
    import websockets
    import websockets.exceptions
except ModuleNotFoundError as e:  # say how to get the one dependency rather than only that it is missing
    raise ModuleNotFoundError(
        "spaces_worker needs the websockets package: on Debian apt-get install python3-websockets, elsewhere pip install websockets",
        name="websockets",
    ) from e

RECORD_SEPARATOR = "\x1e"

INVOCATION = 1
STREAM_ITEM = 2
COMPLETION = 3
STREAM_INVOCATION = 4
CANCEL_INVOCATION = 5
PING = 6
CLOSE = 7

_SERVER_ERROR_PREFIX = re.compile(
    r"^An unexpected error occurred invoking '[^']*' on the server\. (?:\w*Exception: )?(?P<detail>.*)$", re.DOTALL
)

Handler = Callable[..., Union[Any, Awaitable[Any]]]


class HubConnectionError(Exception):
    """The connection could not be established: negotiate, the WebSocket upgrade or the handshake failed.

    ``status_code`` is the HTTP status when the server answered one (401 and 403 mean the token was refused).
    """

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class HubConnectionClosed(Exception):
    """The connection ended while a call was waiting for its completion, or the server closed it."""


class HubInvocationError(Exception):
    """The server answered an invocation with an error; ``detail`` is its text without the server's prefix."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        match = _SERVER_ERROR_PREFIX.match(message)
        self.detail = match.group("detail") if match else message


def split_records(buffer: str) -> tuple[list[str], str]:
    """Splits received text into whole records and the incomplete rest, which waits for the next frame."""
    *records, rest = buffer.split(RECORD_SEPARATOR)
    return [r for r in records if r], rest


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False) + RECORD_SEPARATOR


def negotiate_url(hub_url: str) -> str:
    parts = urllib.parse.urlsplit(hub_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    query = parts.query + ("&" if parts.query else "") + "negotiateVersion=1"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path + "negotiate", query, ""))


def websocket_url(hub_url: str, connection_token: str | None, access_token: str) -> str:
    parts = urllib.parse.urlsplit(hub_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    extra = {"access_token": access_token}
    if connection_token is not None:
        extra = {"id": connection_token, **extra}
    query = parts.query + ("&" if parts.query else "") + urllib.parse.urlencode(extra)
    return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path, query, ""))


def _post_negotiate(url: str, token: str, timeout: float) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=b"",
        method="POST",
        headers={"Authorization": f"Bearer {token}", "X-Requested-With": "XMLHttpRequest", "Accept": "*/*"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}
    except (OSError, ValueError) as e:  # unreachable (URLError is an OSError), timed out, or not JSON
        raise HubConnectionError(f"Could not reach {url.split('?')[0]}: {getattr(e, 'reason', e)}") from e


class HubConnection:
    """One SignalR connection. Register handlers with :meth:`on` before :meth:`start`; ``closed`` resolves when it ends."""

    def __init__(
        self,
        hub_url: str,
        access_token: str,
        *,
        keep_alive_interval: float = 15.0,
        server_timeout: float = 30.0,
        handshake_timeout: float = 15.0,
        logger: logging.Logger | None = None,
    ) -> None:
        self._hub_url = hub_url
        self._token = access_token
        self._keep_alive = keep_alive_interval
        self._server_timeout = server_timeout
        self._handshake_timeout = handshake_timeout
        self._log = logger or logging.getLogger("spaces_worker.hub")
        self._handlers: dict[str, Handler] = {}
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self._socket: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self._last_sent = 0.0
        self._last_received = 0.0
        self._send_lock = asyncio.Lock()
        self.connection_id: str | None = None
        self.closed: asyncio.Future[BaseException | None] = asyncio.get_running_loop().create_future()

    def on(self, target: str, handler: Handler) -> None:
        """Calls ``handler(*arguments)`` for each server invocation of ``target``; its value answers invocations that want one."""
        self._handlers[target.lower()] = handler

    async def start(self) -> None:
        status, body = await asyncio.to_thread(_post_negotiate, negotiate_url(self._hub_url), self._token, self._handshake_timeout)
        if status != 200:
            raise HubConnectionError(f"Negotiate failed: {status}", status)
        if "error" in body:
            raise HubConnectionError(f"Negotiate refused: {body['error']}")
        transports = [t.get("transport") for t in body.get("availableTransports", [])]
        if "WebSockets" not in transports:
            raise HubConnectionError("The server does not offer WebSockets")
        self.connection_id = body.get("connectionId")
        token = body.get("connectionToken") if body.get("negotiateVersion", 0) >= 1 else self.connection_id
        await self.open(websocket_url(self._hub_url, token, self._token))

    async def open(self, url: str) -> None:
        """Opens the WebSocket at ``url`` (already negotiated), handshakes and starts receiving and pinging."""
        try:
            self._socket = await websockets.connect(  # type: ignore[attr-defined]
                url, open_timeout=self._handshake_timeout, ping_interval=None, max_size=None, close_timeout=2
            )
        except websockets.exceptions.InvalidHandshake as e:
            # websockets 10 puts the refused upgrade's status on the error, later versions on its response.
            status = getattr(e, "status_code", None) or getattr(getattr(e, "response", None), "status_code", None)
            raise HubConnectionError(f"WebSocket upgrade failed: {status or e}", status) from e
        except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException) as e:
            raise HubConnectionError(f"WebSocket connection failed: {e}") from e

        rest = await self._handshake()
        self._last_received = self._last_sent = time.monotonic()
        self._tasks = [asyncio.create_task(self._receive_loop(rest)), asyncio.create_task(self._timers())]

    async def _handshake(self) -> str:
        await self._socket.send(encode({"protocol": "json", "version": 1}))
        try:
            buffer = await asyncio.wait_for(self._read_handshake(), self._handshake_timeout)
        except (asyncio.TimeoutError, websockets.exceptions.ConnectionClosed) as e:
            await self._socket.close()
            raise HubConnectionError(f"Handshake failed: {e or 'timed out'}") from e
        response, rest = buffer.split(RECORD_SEPARATOR, 1)
        message = json.loads(response)
        if "error" in message or "type" in message:
            await self._socket.close()
            raise HubConnectionError(f"Handshake refused: {message.get('error', message)}")
        return rest

    async def _read_handshake(self) -> str:
        buffer = ""
        while RECORD_SEPARATOR not in buffer:
            buffer += _text(await self._socket.recv())
        return buffer

    async def invoke(self, target: str, *arguments: Any) -> Any:
        """Calls a hub method and waits for its completion: its result, or :class:`HubInvocationError` with the server's text."""
        invocation_id = str(next(self._ids))
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[invocation_id] = future
        try:
            await self._send({"type": INVOCATION, "invocationId": invocation_id, "target": target, "arguments": list(arguments)})
            return await future
        finally:
            self._pending.pop(invocation_id, None)

    async def send(self, target: str, *arguments: Any) -> None:
        """Calls a hub method without waiting for (or getting) a completion."""
        await self._send({"type": INVOCATION, "target": target, "arguments": list(arguments)})

    async def stop(self) -> None:
        """Sends Close and closes the socket with 1000; ``closed`` then resolves with None."""
        if self._socket is not None and not self.closed.done():
            try:
                await self._send({"type": CLOSE})
            except (OSError, HubConnectionClosed):
                pass
        await self._finish(None)

    async def _send(self, message: dict[str, Any]) -> None:
        if self.closed.done() or self._socket is None:
            raise HubConnectionClosed("The connection is closed")
        async with self._send_lock:
            try:
                await self._socket.send(encode(message))
            except websockets.exceptions.ConnectionClosed as e:
                raise HubConnectionClosed(f"The connection closed: {e}") from e
            self._last_sent = time.monotonic()

    async def _receive_loop(self, buffer: str) -> None:
        error: BaseException | None = None
        try:
            while True:
                records, buffer = split_records(buffer)
                for record in records:
                    self._last_received = time.monotonic()
                    if await self._dispatch(json.loads(record)):
                        return
                buffer += _text(await self._socket.recv())
        except websockets.exceptions.ConnectionClosed as e:
            error = HubConnectionClosed(f"The connection was lost ({e.code})")
        except asyncio.CancelledError:
            raise
        except Exception as e:  # a malformed record is a protocol error: the connection cannot continue
            error = e
        await self._finish(error, from_task=True)

    async def _dispatch(self, message: dict[str, Any]) -> bool:
        """Handles one record; True when it ends the connection."""
        kind = message.get("type")
        if kind == INVOCATION:
            await self._invoke_handler(message)
        elif kind == COMPLETION:
            future = self._pending.get(str(message.get("invocationId")))
            if future is not None and not future.done():
                if message.get("error") is not None:
                    future.set_exception(HubInvocationError(message["error"]))
                else:
                    future.set_result(message.get("result"))
        elif kind == CLOSE:
            reason = message.get("error")
            self._log.debug("Server closed the connection: %s", reason)
            await self._finish(HubConnectionClosed(f"The server closed the connection: {reason}" if reason else "The server closed the connection"), from_task=True)
            return True
        # PING only resets the timer; stream messages and unknown types are not used by this hub.
        return False

    async def _invoke_handler(self, message: dict[str, Any]) -> None:
        target = str(message.get("target", ""))
        invocation_id = message.get("invocationId")
        handler = self._handlers.get(target.lower())
        reply: dict[str, Any] | None = None
        if handler is None:
            self._log.warning("No handler for server call %s", target)
            if invocation_id is not None:
                reply = {"type": COMPLETION, "invocationId": invocation_id, "error": "Client didn't provide a result."}
        else:
            try:
                value = handler(*message.get("arguments", []))
                if inspect.isawaitable(value):
                    value = await value
                if invocation_id is not None:
                    reply = {"type": COMPLETION, "invocationId": invocation_id, "result": value}
            except Exception as e:
                self._log.exception("Handler for %s failed", target)
                if invocation_id is not None:
                    reply = {"type": COMPLETION, "invocationId": invocation_id, "error": str(e)}
        if reply is not None:
            try:
                await self._send(reply)
            except HubConnectionClosed:
                pass

    async def _timers(self) -> None:
        """Pings when nothing was sent for the keep-alive interval; closes when nothing arrived for the server timeout."""
        tick = min(self._keep_alive, self._server_timeout) / 4
        while not self.closed.done():
            await asyncio.sleep(tick)
            now = time.monotonic()
            if now - self._last_received > self._server_timeout:
                self._log.debug("Nothing heard from the server for %s s", self._server_timeout)
                await self._finish(
                    HubConnectionClosed(f"Server timeout elapsed without receiving a message ({self._server_timeout} s)"),
                    from_task=True,
                )
                return
            if now - self._last_sent >= self._keep_alive:
                try:
                    await self._send({"type": PING})
                except HubConnectionClosed:
                    return

    async def _finish(self, error: BaseException | None, from_task: bool = False) -> None:
        if self.closed.done():
            return
        self.closed.set_result(error)
        for future in self._pending.values():
            if not future.done():
                future.set_exception(HubConnectionClosed(str(error) if error else "The connection was closed"))
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        if self._socket is not None:
            try:
                await self._socket.close(1000 if error is None else 1011)
            except (websockets.exceptions.ConnectionClosed, OSError):
                pass


def _text(data: str | bytes) -> str:
    return data if isinstance(data, str) else data.decode("utf-8")
