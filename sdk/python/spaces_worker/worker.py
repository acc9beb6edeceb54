"""The worker: connects to {host}/hubs/worker, registers for its spaces and runs requests one at a time."""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Sequence

from ._files import FileClient
from ._hub import HubConnection, HubConnectionClosed, HubConnectionError, HubInvocationError

HUB_PATH = "/hubs/worker"


@dataclass(frozen=True)
class WorkerFile:
    """A file of a request; ``url`` is a path on the API that the worker's token may read."""

    name: str
    kind: str
    content_type: str
    size: int
    url: str


@dataclass(frozen=True)
class WorkerRequest:
    """What the server sends as ``Request({...})``."""

    request_id: str
    space_id: str
    space_name: str
    prompt: str
    files: tuple[WorkerFile, ...]
    attempt: int
    created_at: str

    @staticmethod
    def from_json(data: dict[str, Any]) -> WorkerRequest:
        files = tuple(
            WorkerFile(
                name=f.get("name", ""),
                kind=f.get("kind", ""),
                content_type=f.get("content_type", "application/octet-stream"),
                size=int(f.get("size", 0)),
                url=f.get("url", ""),
            )
            for f in data.get("files") or []
        )
        return WorkerRequest(
            request_id=data["request_id"],
            space_id=data.get("space_id", ""),
            space_name=data.get("space_name", ""),
            prompt=data.get("prompt") or "",
            files=files,
            attempt=int(data.get("attempt", 1)),
            created_at=data.get("created_at", ""),
        )


@dataclass(frozen=True)
class Registration:
    """One space the server accepted this worker for."""

    space_name: str
    space_id: str
    connection_id: str


def _says_storage_unavailable(message: str) -> bool:
    """The server's 503 StorageUnavailable in words: it changed nothing, and the same call may succeed shortly."""
    return "storage is unavailable" in message.lower()


class RegistrationRefused(Exception):
    """The hub refused ``Register``; the message is the server's reason. ``refusal`` classifies it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        lowered = message.lower()
        self.refusal = (
            "storage_unavailable"
            if _says_storage_unavailable(lowered)
            else "space_already_has_worker"
            if "already has a connected worker" in lowered
            else "duplicate_space_name"
            if "multiple spaces" in lowered
            else "space_not_found"
            if "not found" in lowered
            else "other"
        )


class TokenRejected(HubConnectionError):
    """The server answered 401/403: the token is wrong or was revoked. Retrying cannot help."""


class Job:
    """One request being processed: its payload, progress reporting, its files and the files it produces."""

    def __init__(self, request: WorkerRequest, connection: HubConnection, files: FileClient, log: logging.Logger) -> None:
        self.request = request
        self._connection = connection
        self._files = files
        self._log = log

    async def report_progress(self, percent: float, message: str | None = None) -> None:
        """Calls ``Progress(request_id, percent, message)``. A refusal by the server is logged, not raised: progress is advisory."""
        try:
            await self._connection.invoke("Progress", self.request.request_id, max(0, min(100, percent)), message)
        except HubInvocationError as e:
            self._log.warning("Progress for %s refused: %s", self.request.request_id, e.detail)

    async def read_file(self, file: WorkerFile) -> bytes:
        """Downloads a request file (GET {host}{file.url} with the worker token)."""
        return await self._files.read(file.name, file.url)

    async def upload_result_file(self, name: str, content_type: str, data: bytes) -> dict[str, Any]:
        """Uploads a file this request produced (PUT /api/requests/{id}/results/{name}); returns its descriptor
        ``{name, content_type, size, url}``. Put it in the result under ``files`` and the portal shows it."""
        return await self._files.upload(self.request.request_id, name, content_type, data)


Handler = Callable[[Job], Awaitable[Any]]


@dataclass
class WorkerEvents:
    """Optional callbacks; an exception in one is logged and does not stop the worker."""

    connected: Callable[[str, bool], None] | None = None  # connection id, is reconnect
    registered: Callable[[Sequence[Registration]], None] | None = None
    reconnecting: Callable[[int, float, BaseException | None], None] | None = None  # attempt, delay (s), reason
    request_received: Callable[[WorkerRequest, int], None] | None = None  # request, queue length
    request_cancelled: Callable[[str, bool], None] | None = None  # request id, was running


@dataclass
class SpacesWorker:
    """Connects a worker to ``{host}/hubs/worker``, registers for ``spaces`` and feeds ``handler`` requests one at a time.

    ``await worker.run(handler)`` runs until :meth:`stop` (or until its task is cancelled), reconnecting after unexpected
    drops with backoff and registering again. It raises :class:`RegistrationRefused` when the server refuses the spaces,
    :class:`TokenRejected` when the token is refused (also after a revocation), and :class:`HubConnectionError` when the
    first connection fails. The handler's value is sent with ``Complete``; an exception it raises is sent with ``Fail``;
    a request the server cancels has its handler task cancelled and sends nothing.
    """

    host: str
    token: str
    spaces: Sequence[str]
    reconnect_delays: Sequence[float] = (0.0, 1.0, 2.0, 5.0, 10.0)
    reconnect_jitter: float = 0.2
    already_connected_retries: int = 5
    keep_alive_interval: float = 15.0
    server_timeout: float = 30.0
    events: WorkerEvents = field(default_factory=WorkerEvents)
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("spaces_worker"))
    _stopping: asyncio.Event | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.host.startswith(("http://", "https://")):
            raise ValueError(f"host must be an absolute http(s) URL, got '{self.host}'")
        if not self.token.strip():
            raise ValueError("token is required")
        if not self.spaces or any(not s.strip() for s in self.spaces):
            raise ValueError("spaces must name at least one space, without blank names")
        if not self.reconnect_delays or any(d < 0 for d in self.reconnect_delays):
            raise ValueError("reconnect_delays must hold at least one non-negative delay")
        self.host = self.host.rstrip("/")

    def stop(self) -> None:
        """Asks :meth:`run` to close the connection and return."""
        if self._stopping is not None:
            self._stopping.set()

    async def run(self, handler: Handler) -> None:
        if self._stopping is not None:
            raise RuntimeError("This SpacesWorker is already running")
        self._stopping = asyncio.Event()
        try:
            await self._run_with_reconnects(handler, self._stopping)
        finally:
            self._stopping = None

    async def _run_with_reconnects(self, handler: Handler, stopping: asyncio.Event) -> None:
        files = FileClient(self.host, self.token)
        has_connected = has_registered = False
        attempt = already_connected_refusals = 0
        while True:
            connection = HubConnection(
                self.host + HUB_PATH,
                self.token,
                keep_alive_interval=self.keep_alive_interval,
                server_timeout=self.server_timeout,
                logger=self.logger,
            )
            session = _Session(self, connection, files)
            reason: BaseException | None
            try:
                await connection.start()
                is_reconnect, has_connected = has_connected, True
                self.logger.info("Connected to %s%s (%s)", self.host, HUB_PATH, connection.connection_id)
                self._raise("connected", connection.connection_id or "", is_reconnect)
                registrations = await session.register()
                has_registered, attempt, already_connected_refusals = True, 0, 0
                self._raise("registered", registrations)
                reason = await session.process_until_closed(handler, stopping)
                if stopping.is_set():
                    return
            except HubConnectionError as e:
                await connection.stop()
                if e.status_code in (401, 403):
                    raise TokenRejected(f"The server rejected the worker token ({e.status_code})", e.status_code) from e
                if not has_connected:
                    raise
                reason = e
            except RegistrationRefused as e:
                await connection.stop()
                # Storage being out passes: retried with the reconnect backoff for as long as it lasts.
                outage = e.refusal == "storage_unavailable"
                retriable = outage or (
                    has_registered
                    and e.refusal == "space_already_has_worker"
                    and already_connected_refusals < self.already_connected_retries
                )
                if not retriable:
                    raise
                if not outage:
                    already_connected_refusals += 1
                reason = e
            except Exception as e:  # once connected, any failure is a drop to recover from, not a bad configuration
                await connection.stop()
                if not has_connected:
                    raise
                reason = e
            except BaseException:
                await connection.stop()
                raise

            attempt += 1
            delay = self._delay_before(attempt)
            self.logger.info("Reconnecting in %.1f s (attempt %d): %s", delay, attempt, reason)
            self._raise("reconnecting", attempt, delay, reason)
            try:
                await asyncio.wait_for(stopping.wait(), timeout=delay)
                return
            except asyncio.TimeoutError:
                pass

    def _delay_before(self, attempt: int) -> float:
        base = self.reconnect_delays[min(max(attempt - 1, 0), len(self.reconnect_delays) - 1)]
        if base == 0 or self.reconnect_jitter <= 0:
            return float(base)
        # Uniform in [1 - jitter, 1 + jitter]: spreads out workers that all lost the same server.
        return max(0.0, base * (1 + random.uniform(-1, 1) * self.reconnect_jitter))

    def _raise(self, name: str, *arguments: Any) -> None:
        callback = getattr(self.events, name)
        if callback is None:
            return
        try:
            callback(*arguments)
        except Exception:
            self.logger.exception("The %s event handler failed", name)


class _Session:
    """One hub connection: queues requests in arrival order and runs them one at a time. When the connection drops,
    the running handler is cancelled and the queue dropped: the server dispatches them again."""

    def __init__(self, worker: SpacesWorker, connection: HubConnection, files: FileClient) -> None:
        self._worker = worker
        self._connection = connection
        self._files = files
        self._log = worker.logger
        self._queue: asyncio.Queue[WorkerRequest] = asyncio.Queue()
        self._queued: set[str] = set()
        self._cancelled_while_queued: set[str] = set()
        self._cancelled_while_running: set[str] = set()
        self._running: dict[str, asyncio.Task[Any]] = {}
        connection.on("Request", self._on_request)
        connection.on("Cancel", self._on_cancel)

    async def register(self) -> list[Registration]:
        try:
            result = await self._connection.invoke("Register", list(self._worker.spaces))
        except HubInvocationError as e:
            raise RegistrationRefused(e.detail) from e
        registrations = [Registration(r["space_name"], r["space_id"], r["connection_id"]) for r in result or []]
        for registration in registrations:
            self._log.info("Registered for space %s (%s)", registration.space_name, registration.space_id)
        return registrations

    async def process_until_closed(self, handler: Handler, stopping: asyncio.Event) -> BaseException | None:
        processing = asyncio.create_task(self._process_queue(handler))
        stopped = asyncio.create_task(stopping.wait())
        try:
            await asyncio.wait([self._connection.closed, stopped], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            processing.cancel()
            for task in list(self._running.values()):
                task.cancel()
            await asyncio.gather(processing, return_exceptions=True)
        if self._connection.closed.done() and not stopping.is_set():
            return self._connection.closed.result() or HubConnectionClosed("The server closed the connection")
        await self._connection.stop()
        return None

    def _on_request(self, data: dict[str, Any]) -> None:
        request = WorkerRequest.from_json(data)
        self._queued.add(request.request_id)
        self._queue.put_nowait(request)
        self._log.info("Request %s received (queue %d)", request.request_id, len(self._queued))
        self._worker._raise("request_received", request, len(self._queued))

    def _on_cancel(self, data: dict[str, Any]) -> None:
        request_id = data.get("request_id", "")
        running = self._running.get(request_id)
        if running is not None:
            self._cancelled_while_running.add(request_id)
            running.cancel()
        elif request_id in self._queued:
            self._cancelled_while_queued.add(request_id)
        else:
            return  # already finished, or never here
        self._log.info("Request %s cancelled by the server", request_id)
        self._worker._raise("request_cancelled", request_id, running is not None)

    async def _process_queue(self, handler: Handler) -> None:
        while True:
            request = await self._queue.get()
            self._queued.discard(request.request_id)
            if request.request_id in self._cancelled_while_queued:
                self._cancelled_while_queued.discard(request.request_id)
                continue
            job = Job(request, self._connection, self._files, self._log)
            task = asyncio.create_task(handler(job))
            self._running[request.request_id] = task
            try:
                result = await asyncio.shield(task)
            except asyncio.CancelledError:
                if not task.cancelled():
                    # The session is ending (this loop was cancelled): stop the handler too.
                    task.cancel()
                    raise
                self._log.info("Request %s was cancelled; its result is discarded", request.request_id)
                continue
            except Exception as e:
                self._log.warning("Handler failed for %s: %s", request.request_id, e)
                await self._send_outcome("Fail", request.request_id, str(e) or type(e).__name__)
                continue
            finally:
                self._running.pop(request.request_id, None)
            if request.request_id in self._cancelled_while_running:
                # A cancelled request gets no Complete, even when the handler ignored the cancellation and finished.
                self._cancelled_while_running.discard(request.request_id)
                self._log.info("Request %s was cancelled; its result is discarded", request.request_id)
                continue
            await self._send_outcome("Complete", request.request_id, result)

    async def _send_outcome(self, method: str, request_id: str, outcome: Any) -> None:
        """While the server says its storage is out (it changed nothing), the outcome is sent again until the connection ends."""
        pause = 0.25
        try:
            while True:
                try:
                    await self._connection.invoke(method, request_id, outcome)
                    return
                except HubInvocationError as e:
                    if not _says_storage_unavailable(e.detail):
                        raise
                    self._log.warning("%s for %s: the server's storage is out; sent again in %.2f s", method, request_id, pause)
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, 4.0)
        except HubInvocationError as e:
            self._log.warning("%s for %s refused: %s", method, request_id, e.detail)
        except HubConnectionClosed as e:
            self._log.warning("%s for %s not sent: %s", method, request_id, e)
