"""``vorort serve`` starts the background-task worker beside the server and stops it after."""

from __future__ import annotations

import subprocess
from typing import Any

from django.core.management import call_command

from vorort.core.management.commands import serve


class FakeProcess:
    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.terminated = False

    def poll(self) -> int | None:
        return 0 if self.terminated else None

    def terminate(self) -> None:
        self.terminated = True

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def kill(self) -> None:
        self.terminated = True


def test_serve_starts_the_worker_and_stops_it_when_the_server_ends(monkeypatch, settings):
    settings.DEBUG = True
    started: list[FakeProcess] = []
    served: list[Any] = []

    def popen(command: list[str], **kwargs: Any) -> FakeProcess:
        started.append(FakeProcess(command))
        return started[-1]

    def runserver(name: str, address: str, **kwargs: Any) -> None:
        assert started and not started[0].terminated  # the worker runs while serving
        served.append(address)

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    monkeypatch.setattr(serve, "call_command", runserver)
    call_command("serve", "--port", "8123")
    assert served == ["127.0.0.1:8123"]
    assert len(started) == 1
    assert "db_worker" in started[0].command
    assert started[0].terminated


def test_serve_without_worker(monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda *a, **k: (_ for _ in ()).throw(AssertionError)
    )
    monkeypatch.setattr(serve, "call_command", lambda *a, **k: None)
    call_command("serve", "--no-worker")


def test_the_worker_command_is_the_db_worker():
    help_text = subprocess.run(  # noqa: S603 - our own command line
        [*serve.worker_command()[:-1], "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "--queue-name" in help_text
