from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vorort.core.tenancy import membership_of, requires

from ..models import Household
from ..selectors import persons_visible_to


@requires("person.view")
def person_list(request: HttpRequest, kommune: str) -> HttpResponse:
    persons = persons_visible_to(membership_of(request))[:50]
    return render(request, "people/person_list.html", {"persons": persons})


@requires("person.create")
def household_list(request: HttpRequest, kommune: str) -> HttpResponse:
    return render(request, "people/household_list.html", {"households": Household.objects.all()[:50]})
