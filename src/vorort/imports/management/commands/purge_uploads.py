"""``vorort purge_uploads``: delete the stored files of import uploads older than
``VORORT_IMPORT_UPLOAD_RETENTION_DAYS`` (every Kommune), for a daily cron job or systemd
timer. The same runs at every new upload and after every import task; this command covers a
Kommune that uploads nothing for a while (uploaded lists and refused rows are personal data).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from vorort.imports.uploads import purge_expired_uploads


class Command(BaseCommand):
    help = "Delete uploaded import files and refused-rows files past their retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_expired_uploads()
        days = settings.IMPORT_UPLOAD_RETENTION_DAYS
        self.stdout.write(f"{count} upload(s) older than {days} days: files deleted.")
