"""``vorort serve``: serve vorort on 127.0.0.1 (port from ``PORT``, default 8000).

With ``VORORT_DEBUG=true`` (the default) Django's development server; otherwise gunicorn
with static files from whitenoise (run ``vorort collectstatic`` first).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve vorort (development server in DEBUG, gunicorn otherwise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))

    def handle(self, *args: Any, host: str, port: str, workers: int, **options: Any) -> None:
        if settings.DEBUG:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
            return
        os.execvp(  # noqa: S606 - replaces this process with gunicorn on purpose
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vorort.wsgi",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
            ],
        )
