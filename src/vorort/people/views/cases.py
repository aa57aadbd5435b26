from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vorort.core.tenancy import requires

from ..models import Case


@requires("case.view")
def case_list(request: HttpRequest, kommune: str) -> HttpResponse:
    cases = Case.objects.select_related("person", "case_manager")[:50]
    return render(request, "people/case_list.html", {"cases": cases})
