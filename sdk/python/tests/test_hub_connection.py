"""HubConnection against a small SignalR server written with websockets: handshake, framing, calls both ways, pings,
the server timeout and Close."""

import asyncio
import json
import unittest
from typing import Any, Callable, Awaitable

import websockets

from spaces_worker._hub import HubConnection, HubConnectionClosed, HubConnectionError, HubInvocationError

RS = "\x1e"
Script = Callable[[Any, "FakeHub"], Awaitable[None]]


class FakeHub:
    """Accepts one connection, answers the handshake, then runs the test's script; records what the client sent."""

    def __init__(self, script: Script, handshake_reply: str = "{}" + RS) -> None:
        self.script = script
        self.handshake_reply = handshake_reply
        self.received: list[dict[str, Any]] = []
        self.handshake: dict[str, Any] | None = None
        self._buffer = ""
        self._server: Any = None

    async def __aenter__(self) -> str:
        self._server = await websockets.serve(self._handle, "127.0.0.1", 0)  # type: ignore[attr-defined]
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/hubs/worker"

    async def __aexit__(self, *exc: Any) -> None:
        self._server.close()
        await self._server.wait_closed()

    async def next_message(self, socket: Any) -> dict[str, Any]:
        while RS not in self._buffer:
            self._buffer += await socket.recv()
        record, self._buffer = self._buffer.split(RS, 1)
        message: dict[str, Any] = json.loads(record)
        self.received.append(message)
        return message

    async def _handle(self, socket: Any, path: str = "") -> None:
        self.handshake = await self.next_message(socket)
        await socket.send(self.handshake_reply)
        try:
            await self.script(socket, self)
        except websockets.exceptions.ConnectionClosed:
            pass


class HubConnectionTests(unittest.IsolatedAsyncioTestCase):
    async def test_handshake_then_a_server_call_with_an_id_is_answered_with_the_handlers_value(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            # Two records in one frame, then one record split over two frames.
            await socket.send(json.dumps({"type": 1, "target": "Note", "arguments": ["a"]}) + RS + '{"type":1,"invocationId":"7",')
            await socket.send('"target":"add","arguments":[40,2]}' + RS)
            hub.completion = await hub.next_message(socket)  # type: ignore[attr-defined]
            await asyncio.sleep(0.2)

        hub = FakeHub(script)
        async with hub as url:
            connection = HubConnection(url, "t")
            notes: list[str] = []
            connection.on("Note", notes.append)
            connection.on("Add", lambda a, b: a + b)  # method names match case-insensitively, as on the server
            await connection.open(url)
            await asyncio.wait_for(connection.closed, 5)

        self.assertEqual({"protocol": "json", "version": 1}, hub.handshake)
        self.assertEqual(["a"], notes)
        self.assertEqual({"type": 3, "invocationId": "7", "result": 42}, hub.completion)  # type: ignore[attr-defined]

    async def test_invoke_returns_the_result_or_raises_the_servers_error(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            first = await hub.next_message(socket)
            await socket.send(json.dumps({"type": 3, "invocationId": first["invocationId"], "result": [1, 2]}) + RS)
            second = await hub.next_message(socket)
            error = "An unexpected error occurred invoking 'Register' on the server. HubException: Space not found: A"
            await socket.send(json.dumps({"type": 3, "invocationId": second["invocationId"], "error": error}) + RS)
            await socket.wait_closed()

        async with FakeHub(script) as url:
            connection = HubConnection(url, "t")
            await connection.open(url)
            self.assertEqual([1, 2], await asyncio.wait_for(connection.invoke("Register", ["A"]), 5))
            with self.assertRaises(HubInvocationError) as refused:
                await asyncio.wait_for(connection.invoke("Register", ["A"]), 5)
            await connection.stop()
        self.assertEqual("Space not found: A", refused.exception.detail)

    async def test_an_idle_client_pings_and_stop_sends_close(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            while True:
                await hub.next_message(socket)

        hub = FakeHub(script)
        async with hub as url:
            connection = HubConnection(url, "t", keep_alive_interval=0.2, server_timeout=10)
            await connection.open(url)
            await asyncio.sleep(0.7)
            await connection.stop()
            await asyncio.sleep(0.2)
        types = [m.get("type") for m in hub.received[1:]]
        self.assertGreaterEqual(types.count(6), 2, types)
        self.assertEqual(7, types[-1])
        self.assertIsNone(connection.closed.result())

    async def test_a_silent_server_times_out_and_a_waiting_call_fails(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            await socket.wait_closed()

        async with FakeHub(script) as url:
            connection = HubConnection(url, "t", keep_alive_interval=0.1, server_timeout=0.5)
            await connection.open(url)
            with self.assertRaises(HubConnectionClosed):
                await asyncio.wait_for(connection.invoke("Register", ["A"]), 5)
            reason = await asyncio.wait_for(connection.closed, 5)
        self.assertIn("Server timeout", str(reason))

    async def test_close_from_the_server_ends_the_connection_with_its_error(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            await socket.send(json.dumps({"type": 7, "error": "Connection closed with an error.", "allowReconnect": True}) + RS)
            await socket.wait_closed()

        async with FakeHub(script) as url:
            connection = HubConnection(url, "t")
            await connection.open(url)
            reason = await asyncio.wait_for(connection.closed, 5)
        self.assertIsInstance(reason, HubConnectionClosed)
        self.assertIn("Connection closed with an error.", str(reason))

    async def test_a_refused_handshake_is_a_connection_error(self) -> None:
        async def script(socket: Any, hub: FakeHub) -> None:
            await socket.wait_closed()

        async with FakeHub(script, handshake_reply='{"error":"Requested protocol \'json\' is not available."}' + RS) as url:
            with self.assertRaisesRegex(HubConnectionError, "not available"):
                await HubConnection(url, "t").open(url)

    async def test_negotiate_against_nothing_listening_is_a_connection_error(self) -> None:
        with self.assertRaisesRegex(HubConnectionError, "Could not reach"):
            await HubConnection("http://127.0.0.1:9/hubs/worker", "t", handshake_timeout=2).start()


if __name__ == "__main__":
    unittest.main()
