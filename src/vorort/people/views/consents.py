"""Views of consents (Einwilligungen): record, withdraw, and download the signed document.

Signed documents are never served as public media: the download view checks the role
(``consent.view``) and that the consent's person is visible, then streams the file as an
attachment with the content type its first bytes prove.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vorort.core.errors import DomainError
from vorort.core.tenancy import kommune_of, membership_of, requires

from ..forms.consents import ConsentForm, ConsentWithdrawForm
from ..models import Person
from ..selectors import get_consent, get_person, today
from ..services import consents as services
from .cases import posted, posted_files, show_error


def _person_url(request: HttpRequest, person: Person) -> str:
    return reverse(
        "people:person_detail",
        kwargs={"kommune": kommune_of(request).slug, "person": person.uuid},
    )


@requires("consent.edit")
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, kommune: str, person: str) -> HttpResponse:
    membership = membership_of(request)
    subject = get_person(membership, person)
    form = ConsentForm(
        posted(request),
        posted_files(request),
        kommune_id=membership.kommune_id,
        initial={"given_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_create(
                actor=request.user,
                person=subject,
                purpose=form.cleaned_data["purpose"],
                data_categories=form.cleaned_data["data_categories"],
                recipient=form.cleaned_data["recipient"],
                given_on=form.cleaned_data["given_on"],
                document=form.cleaned_data["document"],
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(_person_url(request, subject))
    return render(
        request,
        "people/consent_form.html",
        {"form": form, "person": subject},
        status=400 if request.method == "POST" else 200,
    )


@requires("consent.edit")
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, kommune: str, consent: str) -> HttpResponse:
    subject = get_consent(membership_of(request), consent)
    form = ConsentWithdrawForm(posted(request), initial={"version": subject.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user,
                consent=subject,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                expected_version=form.cleaned_data.get("version"),
            )
        except DomainError as error:
            show_error(request, form, error)
        else:
            messages.success(
                request,
                _("Consent for %(recipient)s withdrawn.") % {"recipient": subject.recipient.name},
            )
            return redirect(_person_url(request, subject.person))
    return render(
        request,
        "people/consent_withdraw.html",
        {"form": form, "consent": subject, "person": subject.person},
        status=400 if request.method == "POST" else 200,
    )


@requires("consent.view")
def consent_document(request: HttpRequest, kommune: str, consent: str) -> HttpResponse:
    """Stream the signed document as an attachment, typed by its content, never cached."""
    subject = get_consent(membership_of(request), consent)
    if not subject.document:
        raise Http404
    try:
        handle = subject.document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    kind = services.sniff_document(services.read_head(handle))
    if kind is None:  # not what was checked on upload: do not hand it out
        handle.close()
        raise Http404
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"einwilligung-{subject.given_on:%Y-%m-%d}-{subject.uuid.hex[:8]}{kind.extension}",
        content_type=kind.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # A streaming response, which the view decorators' HttpResponse type does not name.
    return cast(HttpResponse, response)
