"""A Spaces inference worker in a few lines.

    import asyncio
    from spaces_worker import Job, SpacesWorker

    async def handle(job: Job) -> dict:
        await job.report_progress(50, "halfway")
        audio = await job.read_file(job.request.files[0])
        return {"text": "..."}  # sent with Complete; an exception is sent with Fail

    asyncio.run(SpacesWorker("http://localhost:5001", token, ["MySpace"]).run(handle))
"""

from ._files import SpacesHttpError
from ._hub import HubConnectionClosed, HubConnectionError, HubInvocationError
from .worker import (
    Job,
    Registration,
    RegistrationRefused,
    SpacesWorker,
    TokenRejected,
    WorkerEvents,
    WorkerFile,
    WorkerRequest,
)

__all__ = [
    "HubConnectionClosed",
    "HubConnectionError",
    "HubInvocationError",
    "Job",
    "Registration",
    "RegistrationRefused",
    "SpacesHttpError",
    "SpacesWorker",
    "TokenRejected",
    "WorkerEvents",
    "WorkerFile",
    "WorkerRequest",
]

__version__ = "0.1.0"
