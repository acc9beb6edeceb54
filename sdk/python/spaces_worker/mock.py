"""``python -m spaces_worker mock``: the Python counterpart of the seed's mock_app.py and the .NET mock, printing the same lines."""

from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import io
import logging
import os
import signal
import sys
import time
from typing import Any, Sequence, TextIO

from ._hub import HubConnectionError
from .worker import Job, RegistrationRefused, SpacesWorker, WorkerEvents

TOKEN_VARIABLE = "SPACES_WORKER_TOKEN"
PROGRESS_STEPS = (25, 50, 75, 100)
RULE = "=" * 70


class ConsoleReporter:
    """``[yyyy-MM-dd HH:mm:ss] [LEVEL] message`` lines, plus indented detail lines."""

    def __init__(self, output: TextIO, verbose: bool) -> None:
        self._output = output
        self.verbose = verbose

    def banner(self, title: str, fields: Sequence[tuple[str, str]]) -> None:
        lines = [RULE, f"  {title}", RULE, *(f"  {label}: {value}" for label, value in fields), RULE, ""]
        self._output.write("\n".join(lines) + "\n")
        self._output.flush()

    def info(self, message: str) -> None:
        self._line("INFO", message)

    def success(self, message: str) -> None:
        self._line("✓", message)

    def request(self, message: str) -> None:
        self._line("REQUEST", message)

    def result(self, message: str) -> None:
        self._line("RESULT", message)

    def error(self, message: str) -> None:
        self._line("ERROR", message)

    def detail(self, message: str, verbose_only: bool = False) -> None:
        if verbose_only and not self.verbose:
            return
        self._output.write(f"  {message}\n")
        self._output.flush()

    def _line(self, level: str, message: str) -> None:
        now = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self._output.write(f"[{now}] [{level}] {message}\n")
        self._output.flush()


class MockInference:
    """The mock's "model": reports 25/50/75/100 %, downloads and hashes every file, echoes the prompt. With
    ``echo_files`` it uploads each file back as a result file, so its entry under ``files`` gets a ``url``."""

    def __init__(self, console: ConsoleReporter, step_delay: float, echo_files: bool) -> None:
        self._console = console
        self._step_delay = step_delay
        self._echo_files = echo_files

    async def __call__(self, job: Job) -> dict[str, Any]:
        started = time.monotonic()
        request = job.request
        self._console.info(f"Processing request {request.request_id}...")
        files: list[dict[str, Any]] = []
        for file in request.files:
            data = await job.read_file(file)
            sha256 = hashlib.sha256(data).hexdigest()
            self._console.detail(f"Downloaded {file.name}: {len(data)} bytes, sha256 {sha256}", verbose_only=True)
            summary: dict[str, Any] = {
                "name": file.name,
                "kind": file.kind,
                "content_type": file.content_type,
                "size": len(data),
                "sha256": sha256,
            }
            if self._echo_files:
                summary["url"] = (await job.upload_result_file(file.name, file.content_type, data))["url"]
                self._console.detail(f"Uploaded {file.name} back as a result file: {summary['url']}", verbose_only=True)
            files.append(summary)
        for percent in PROGRESS_STEPS:
            await asyncio.sleep(self._step_delay)
            await job.report_progress(percent, f"Processing ({percent}%)")
            self._console.info(f"Progress: {percent}%")
        result = {
            "text": f"Mock response to: {request.prompt}",
            "processing_time_seconds": round(time.monotonic() - started, 2),
            "timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "files": files,
        }
        self._console.result(f"Sending result for request {request.request_id} ({result['processing_time_seconds']} s)")
        self._console.detail(f"Text: {result['text']}", verbose_only=True)
        return result


async def run_mock(
    host: str, spaces: Sequence[str], token: str, verbose: bool, step_delay: float, echo_files: bool, output: TextIO
) -> int:
    """Runs until SIGINT/SIGTERM (exit code 0), or until the connection or the registration fails (1)."""
    console = ConsoleReporter(output, verbose)
    space_list = ", ".join(spaces)
    console.banner(
        "Mock WebSocket Inference App",
        [("Host", host), ("Space" if len(spaces) == 1 else "Spaces", space_list), ("Verbose", "True" if verbose else "False")],
    )
    console.info(f"Initializing connection to {host}")
    console.info(f"Space name: {space_list}" if len(spaces) == 1 else f"Space names: {space_list}")

    def connected(_connection_id: str, is_reconnect: bool) -> None:
        console.success("SignalR connection re-established" if is_reconnect else "SignalR connection established")
        for space in spaces:
            console.info(f"Sent registration for space: {space}")

    def registered(registrations: Sequence[Any]) -> None:
        console.success("Registration successful!")
        for registration in registrations:
            console.info(f"Connection ID: {registration.connection_id}")
            console.info(f"Space ID: {registration.space_id}")
            console.info(f'Successfully connected to space "{registration.space_name}"')
        console.info("Request processor started")

    def reconnecting(attempt: int, delay: float, reason: BaseException | None) -> None:
        console.error(f"Connection lost: {reason or 'closed by the server'}")
        console.info(f"Reconnecting in {delay:.1f} s (attempt {attempt})...")

    def request_received(request: Any, queue_length: int) -> None:
        console.request("New inference request received")
        console.detail(f"Request ID: {request.request_id}")
        console.detail(f"Space: {request.space_name}")
        console.detail(f"Queue size: {queue_length}")
        console.detail(f"Prompt: {request.prompt}", verbose_only=True)
        console.detail(f"Files: {len(request.files)}", verbose_only=True)
        for file in request.files:
            console.detail(f"  - {file.name} ({file.kind}, {file.content_type}, {file.size} bytes)", verbose_only=True)

    def request_cancelled(request_id: str, was_running: bool) -> None:
        console.info(f"Request {request_id} cancelled by the server{' while running' if was_running else ' before it started'}")

    try:
        worker = SpacesWorker(
            host,
            token,
            list(spaces),
            events=WorkerEvents(connected, registered, reconnecting, request_received, request_cancelled),
        )
    except ValueError as e:
        console.error(str(e))
        return 1

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, worker.stop)
    console.info(f"Connecting to {host}...")
    try:
        await worker.run(MockInference(console, step_delay, echo_files))
        console.info("Stopped; connection closed")
        return 0
    except RegistrationRefused as e:
        console.error(f"Registration failed: {e}")
        return 1
    except HubConnectionError as e:
        console.error(f"Connection failed: {e}")
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spaces_worker")
    commands = parser.add_subparsers(dest="command", required=True)
    mock = commands.add_parser("mock", help="Run a mock inference worker that answers every request of its spaces")
    mock.add_argument("--host", required=True, help="Spaces API base URL, e.g. http://localhost:5000")
    mock.add_argument("--spaces", required=True, help="Comma-separated names of the spaces to serve")
    mock.add_argument("--token", help=f"Worker token (default: ${TOKEN_VARIABLE})")
    mock.add_argument("--verbose", "-v", action="store_true", help="Print prompts, files and protocol diagnostics")
    mock.add_argument("--delay-ms", type=int, default=500, help="Pause between progress steps")
    mock.add_argument("--echo-files", action="store_true", help="Upload each received file back as a result file")
    args = parser.parse_args(argv)

    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8", line_buffering=True)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.ERROR, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("websockets").setLevel(logging.INFO)  # its debug lines would print the URL with the token
    spaces = [s.strip() for s in args.spaces.split(",") if s.strip()]
    token = args.token or os.environ.get(TOKEN_VARIABLE, "")
    return asyncio.run(run_mock(args.host, spaces, token, args.verbose, max(0, args.delay_ms) / 1000, args.echo_files, sys.stdout))
