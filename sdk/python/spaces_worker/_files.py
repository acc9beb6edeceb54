"""Request files and result files on the Spaces API, with the worker's token (standard library HTTP, run off the loop)."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class SpacesHttpError(Exception):
    """The API refused a file call; ``status`` is the HTTP status and the message carries the problem's code and detail."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class FileClient:
    def __init__(self, host: str, token: str, timeout: float = 300.0) -> None:
        self._host = host.rstrip("/") + "/"
        self._token = token
        self._timeout = timeout

    async def read(self, name: str, url: str) -> bytes:
        return await asyncio.to_thread(self._read, name, url)

    async def upload(self, request_id: str, name: str, content_type: str, data: bytes) -> dict[str, Any]:
        return await asyncio.to_thread(self._upload, request_id, name, content_type, data)

    def _read(self, name: str, url: str) -> bytes:
        absolute = urllib.parse.urljoin(self._host, url)
        headers = {}
        # The token only goes to the Spaces host, never to a URL elsewhere the server might have handed out.
        if _origin(absolute) == _origin(self._host):
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            with urllib.request.urlopen(urllib.request.Request(absolute, headers=headers), timeout=self._timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as e:
            raise SpacesHttpError(f"Downloading file '{name}' failed: {e.code} {e.reason}", e.code) from e

    def _upload(self, request_id: str, name: str, content_type: str, data: bytes) -> dict[str, Any]:
        path = f"api/requests/{urllib.parse.quote(request_id, safe='')}/results/{urllib.parse.quote(name, safe='')}"
        request = urllib.request.Request(
            urllib.parse.urljoin(self._host, path),
            data=data,
            method="PUT",
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:
                descriptor: dict[str, Any] = json.loads(response.read())
                return descriptor
        except urllib.error.HTTPError as e:
            raise SpacesHttpError(f"Uploading result file '{name}' failed: {e.code} {_problem(e)}", e.code) from e


def _problem(error: urllib.error.HTTPError) -> str:
    """"code: detail" from the problem details the API answers with, or the status text."""
    try:
        problem = json.loads(error.read())
        return f"{problem['code']}: {problem['detail']}"
    except (ValueError, KeyError, TypeError):
        return str(error.reason)


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc.lower()
