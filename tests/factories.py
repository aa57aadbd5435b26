"""factory-boy factories for tests; create them inside ``scopes_disabled()`` or a scope."""

from __future__ import annotations

import datetime as dt

import factory

from vorort.core.models import Kommune, Membership, PartnerOrganisation, User
from vorort.people import models as m
from vorort.people.choices import DocumentType


class KommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kommune
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kommune-{n}")
    name = factory.Sequence(lambda n: f"Kommune {n}")
    ags = factory.Sequence(lambda n: f"05774{n:03d}")
    kreis = "Kreis Paderborn"
    state = "05"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Erika"
    last_name = "Muster"
    password = factory.PostGenerationMethodCall("set_password", "demo")

    @factory.post_generation
    def _save(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    kommune = factory.SubFactory(KommuneFactory)
    name = factory.Sequence(lambda n: f"Jobcenter {n}")
    kind = PartnerOrganisation.Kind.JOBCENTER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    kommune = factory.SubFactory(KommuneFactory)
    role = "fallmanagement"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Person

    kommune = factory.SubFactory(KommuneFactory)
    first_name = factory.Iterator(["Amina", "Omar", "Olena", "Ahmad", "Zahra", "Yonas"])
    last_name = factory.Iterator(["Haddad", "Rahimi", "Kovalenko", "Yilmaz", "Tesfay"])
    birth_date = factory.Sequence(
        lambda n: dt.date(1960, 1, 1) + dt.timedelta(days=(97 * n) % 20000)
    )
    nationality = "SY"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Household

    kommune = factory.SubFactory(KommuneFactory)
    name = factory.Sequence(lambda n: f"Familie {n}")


class ResidenceStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.ResidenceStatus

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    document_type = DocumentType.AUFENTHALTSGESTATTUNG
    valid_from = dt.date(2026, 1, 10)
    valid_to = dt.date(2026, 7, 9)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Case

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    reference = factory.Sequence(lambda n: f"F-2026-{n:05d}")
    opened_on = dt.date(2026, 2, 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Task

    case = factory.SubFactory(CaseFactory)
    kommune = factory.SelfAttribute("case.kommune")
    title = "Termin bei der Ausländerbehörde vorbereiten"
    due_date = dt.date(2026, 12, 1)
