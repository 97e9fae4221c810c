"""A real learning record store for the tests: Ralph, started on 127.0.0.1 with its
file-system backend, no reloader, and writes that append (its stock file-system backend
accepts only the first write to a data folder)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import bcrypt
import requests

HOST = "127.0.0.1"  # loopback only
USER, PASSWORD = "l-and-d", "correct horse battery staple"
SERVER = """
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), reload=False, log_level="warning")
"""
START_TIMEOUT = 30.0  # seconds


class Lrs:
    """Start, stop and read a Ralph LRS whose statements live in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=4)).decode()
        (folder / "auth.json").write_text(
            json.dumps(
                [
                    {
                        "username": USER,
                        "hash": hashed,
                        "scopes": ["all"],
                        "agent": {"mbox": "mailto:ld@example.org"},
                    }
                ]
            )
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/xAPI/"

    def start(self) -> None:
        environment = {
            **os.environ,
            "HOME": str(self.folder),
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER, HOST, str(self.port)],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "server.log", "ab"),  # noqa: SIM115 - the server keeps it
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"the LRS did not start: {(self.folder / 'server.log').read_text()[-2000:]}"
                )
            try:
                if requests.get(f"http://{HOST}:{self.port}/__heartbeat__", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the LRS did not answer within its start timeout")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None

    def statements(self) -> list[dict]:
        """Every statement the LRS holds (what it gives back to a reader)."""
        found, url = [], f"http://{HOST}:{self.port}/xAPI/statements?limit=500"
        for _ in range(100):  # bounded: a few pages at most
            answer = requests.get(url, auth=(USER, PASSWORD), timeout=10)
            answer.raise_for_status()
            page = answer.json()
            found += page["statements"]
            if not page.get("more"):
                return found
            url = f"http://{HOST}:{self.port}{page['more']}"
        raise RuntimeError("more pages than a test makes")

    def stored_lines(self) -> list[dict]:
        """What the file-system backend wrote, one statement a line (duplicates would show here)."""
        path = self.folder / "data" / "fs_lrs.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]
