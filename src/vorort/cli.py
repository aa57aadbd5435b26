"""The ``vorort`` command: a thin wrapper around Django's manage.py.

``vorort serve [addr:port]`` runs the development server (port from ``PORT``),
``vorort demo`` generates the demo Kommunen, ``vorort migrate`` migrates; every
other Django management command works as well (``vorort createsuperuser`` …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vorort.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "vorort"
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
