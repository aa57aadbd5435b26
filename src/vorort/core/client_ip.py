"""The client's address for the login lockout (django-axes), also behind a reverse proxy.

``vorort serve`` runs gunicorn on 127.0.0.1 behind a reverse proxy (nginx, Apache, Caddy), so
``REMOTE_ADDR`` is the proxy's address for everyone. With ``VORORT_PROXY_COUNT=N`` the
address is taken from ``X-Forwarded-For`` instead: the N-th entry from the right, the one the
outermost trusted proxy saw. Entries further left are written by the client and not trusted.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "VORORT_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
