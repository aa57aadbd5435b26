"""The one form flow of the housing views: GET shows, a valid POST saves and redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vorort.core.errors import DomainError
from vorort.people.views.persons import show_error

PAGE_SIZE = 50


def handle_form(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[], Any],
    success: Callable[[Any], str] | str,
    next_url: Callable[[Any], str] | str,
    template: str = "housing/form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` and redirect to ``next_url`` with ``success``.

    An invalid form or a change the service refuses (DomainError) shows the form again with
    the message beside its field, status 400; nothing was stored.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = save()
            except DomainError as error:
                show_error(request, form, error)
            else:
                messages.success(request, success(result) if callable(success) else success)
                return redirect(next_url(result) if callable(next_url) else next_url)
        status = 400
    return render(request, template, {"form": form, **(context or {})}, status=status)
