"""Factories for the person file (persons, households, periods, consents, assignments)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from vorort.people import models as m
from vorort.people.choices import ConsentPurpose, DataCategory, ReceptionKind, Relation

from .factories import HouseholdFactory, PersonFactory, UserFactory


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Address

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    street = "Bahnhofstraße 1"
    postcode = "33102"
    city = "Paderborn"
    valid_from = dt.date(2024, 1, 1)


class PersonLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PersonLanguage

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    language = "ar"
    level = "L1"


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.HouseholdMember

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    household = factory.SubFactory(HouseholdFactory, kommune=factory.SelfAttribute("..kommune"))
    relation = Relation.REFERENCE
    joined_on = dt.date(2024, 1, 1)


class ReceptionStayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ReceptionStay

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    facility = "EAE Bochum"
    kind = ReceptionKind.EAE
    valid_from = dt.date(2023, 11, 1)
    valid_to = dt.date(2023, 12, 20)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PersonAssignment

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    volunteer = factory.SubFactory(UserFactory)
    purpose = "Begleitung zu Behördengängen"
    valid_from = dt.date(2024, 1, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Consent

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    purpose = ConsentPurpose.WORK
    data_categories = factory.LazyFunction(lambda: [DataCategory.STAMMDATEN])
    given_on = dt.date(2024, 1, 1)


def url(name: str, **kwargs: object) -> str:
    """``reverse`` for a URL of the people app in Paderborn (the ``tenant`` fixture)."""
    from django.urls import reverse

    kwargs.setdefault("kommune", "paderborn")
    return reverse(f"people:{name}", kwargs=kwargs)


def english(client: Any) -> Any:
    """The client asks for English pages, so tests can read the (English) msgids."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
