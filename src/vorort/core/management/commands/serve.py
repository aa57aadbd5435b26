"""``vorort serve``: serve vorort on 127.0.0.1 (port from ``PORT``, default 8000).

With ``VORORT_DEBUG=true`` (the default) Django's development server; otherwise gunicorn
with static files from whitenoise (run ``vorort collectstatic`` first).

It also starts one background-task worker (``vorort db_worker``, django-tasks' database
backend: web imports run there) as a child process and stops it when serving ends; pass
``--no-worker`` when workers run elsewhere (see docs/operations.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

WORKER_STOP_SECONDS = 10


def worker_command() -> list[str]:
    """The command line of the task worker: ``vorort db_worker`` in this interpreter."""
    return [
        sys.executable,
        "-c",
        "from vorort.cli import main; main()",
        "db_worker",
        "--no-reload",
    ]


def start_worker() -> subprocess.Popen[bytes]:
    """Start the worker; it inherits the environment (settings module, database URL)."""
    return subprocess.Popen(worker_command())  # noqa: S603 - our own command line


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop (it finishes the running task), kill it if it does not."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _exit_on_signal(signum: int, frame: Any) -> None:
    sys.exit(0)


class Command(BaseCommand):
    help = "Serve vorort (development server in DEBUG, gunicorn otherwise) with a task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a background-task worker (workers run elsewhere)",
        )

    def handle(
        self, *args: Any, host: str, port: str, workers: int, no_worker: bool, **options: Any
    ) -> None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vorort.settings")
        # A service manager stops us with SIGTERM: leave through ``finally`` (stop the worker).
        signal.signal(signal.SIGTERM, _exit_on_signal)
        worker = None if no_worker else start_worker()
        try:
            if settings.DEBUG:
                call_command("runserver", f"{host}:{port}", use_reloader=False)
                return
            server = subprocess.Popen(  # noqa: S603 - our own command line
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "vorort.wsgi",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(workers),
                ]
            )
            try:
                server.wait()
            except KeyboardInterrupt:
                server.terminate()
                server.wait()
        finally:
            if worker is not None:
                stop_worker(worker)
