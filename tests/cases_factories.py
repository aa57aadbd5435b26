"""Factories and helpers for the case-file, consent and dashboard tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vorort.people import models as m
from vorort.people.choices import ConsentPurpose, DataCategory

from .conftest import Tenant
from .factories import CaseFactory, PersonFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def today() -> dt.date:
    return timezone.localdate()


def english(client: Client) -> Client:
    """The client with the language switcher set to English, so tests read the msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def client_of(tenant: Tenant, role: str) -> Client:
    return english(tenant.client(role))


def url(name: str, kommune: str = "paderborn", **kwargs: Any) -> str:
    return reverse(f"people:{name}", kwargs={"kommune": kommune, **kwargs})


def person_in(tenant: Tenant, **kwargs: Any) -> m.Person:
    return PersonFactory(kommune=tenant.kommune, **kwargs)


def case_in(tenant: Tenant, **kwargs: Any) -> m.Case:
    if "person" not in kwargs:
        kwargs["person"] = person_in(tenant)
    return CaseFactory(kommune=tenant.kommune, **kwargs)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Goal

    case = factory.SubFactory(CaseFactory)
    kommune = factory.SelfAttribute("case.kommune")
    title = "Deutschkurs B1 abschließen"


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Appointment

    case = factory.SubFactory(CaseFactory)
    kommune = factory.SelfAttribute("case.kommune")
    title = "Beratungsgespräch"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Consent

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    purpose = ConsentPurpose.WORK
    data_categories = factory.LazyFunction(
        lambda: [DataCategory.STAMMDATEN, DataCategory.AUFENTHALT]
    )
    given_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=30))


def consent_with_document(
    tenant: Tenant, person: m.Person, content: bytes = PDF_BYTES, name: str = "x.pdf"
) -> m.Consent:
    consent = ConsentFactory.build(person=person, recipient=tenant.partner_org)
    consent.document.save(name, ContentFile(content), save=False)
    consent.save()
    return consent
