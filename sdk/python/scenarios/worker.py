"""The scenario worker the .NET tests drive (Tests/Sdks): the same behaviour in Python, JavaScript and .NET.

Usage: worker.py --host URL --token T --spaces A,B. Prints one JSON event per line on stdout; stops when stdin closes.
The prompt picks the behaviour: "progress" reports 25/50/75/100 and returns text; "file" uploads each file back as
"echo-{name}" and returns the descriptors and their SHA-256; "hold" waits for a cancel on attempt 1 and returns the
attempt after that; "fail" raises. Exit codes: 0 stopped, 3 registration refused, 4 token rejected, 5 anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from typing import Any

try:
    from spaces_worker import Job, RegistrationRefused, SpacesWorker, TokenRejected, WorkerEvents
except ModuleNotFoundError as e:  # the one dependency, websockets, is missing for this interpreter
    print(json.dumps({"event": "missing", "error": str(e)}), flush=True)
    sys.exit(6)


def emit(event: str, **data: Any) -> None:
    print(json.dumps({"event": event, **data}), flush=True)


async def handle(job: Job) -> Any:
    request = job.request
    emit("started", request_id=request.request_id, attempt=request.attempt)
    if request.prompt == "progress":
        for percent in (25, 50, 75, 100):
            await job.report_progress(percent, f"step {percent}")
        return {"text": f"done: {request.prompt}", "language": "python"}
    if request.prompt == "file":
        files, hashes = [], []
        for file in request.files:
            data = await job.read_file(file)
            hashes.append(hashlib.sha256(data).hexdigest())
            files.append(await job.upload_result_file(f"echo-{file.name}", file.content_type, data))
        return {"files": files, "sha256": hashes, "language": "python"}
    if request.prompt == "hold":
        if request.attempt == 1:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                emit("cancelled", request_id=request.request_id)
                raise
        return {"attempt": request.attempt, "language": "python"}
    if request.prompt == "fail":
        raise RuntimeError("boom from python")
    return {"echo": request.prompt, "language": "python"}


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--spaces", required=True)
    args = parser.parse_args()
    worker = SpacesWorker(
        args.host,
        args.token,
        args.spaces.split(","),
        reconnect_delays=(0.1, 0.5),
        already_connected_retries=0,
        events=WorkerEvents(
            registered=lambda regs: emit("registered", space_ids=[r.space_id for r in regs]),
            reconnecting=lambda attempt, delay, reason: emit("reconnecting", attempt=attempt, reason=str(reason)),
        ),
    )
    loop = asyncio.get_running_loop()
    stdin = sys.stdin.fileno()

    def on_stdin() -> None:
        if not sys.stdin.buffer.read1(4096):  # type: ignore[attr-defined]
            loop.remove_reader(stdin)
            worker.stop()

    loop.add_reader(stdin, on_stdin)
    try:
        await worker.run(handle)
    except RegistrationRefused as e:
        emit("exited", kind="refused", error=str(e))
        return 3
    except TokenRejected as e:
        emit("exited", kind="token_rejected", error=str(e))
        return 4
    except Exception as e:
        emit("exited", kind="error", error=f"{type(e).__name__}: {e}")
        return 5
    emit("exited", kind="stopped", error="")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
