from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vorort.core.tenancy import requires


@requires("dashboard.view")
def dashboard(request: HttpRequest, kommune: str) -> HttpResponse:
    return render(request, "people/dashboard.html", {})
