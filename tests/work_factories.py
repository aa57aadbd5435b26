"""Factories for work access: the extra facts and the process steps of a person."""

from __future__ import annotations

import datetime as dt

import factory

from vorort.work import models as w

from .factories import PersonFactory


class WorkAccessFactsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.WorkAccessFacts

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")


class WorkProcessStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = w.WorkProcessStep

    person = factory.SubFactory(PersonFactory)
    kommune = factory.SelfAttribute("person.kommune")
    path = w.ProcessPath.EMPLOYMENT_PERMIT
    kind = w.StepKind.PERMIT_APPLICATION
    due_date = dt.date(2026, 12, 1)


def months_later(day: dt.date, months: int) -> dt.date:
    """``day`` + ``months`` by §§ 187, 188 BGB: same day number, or the month's last day."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def permitted_from(registration: dt.date, months: int = 3) -> dt.date:
    """The first day after a waiting period of ``months`` from ``registration``."""
    return months_later(registration, months) + dt.timedelta(days=1)


def asylum_seeker_in_reception(kommune, *, registered: dt.date, **person_fields):
    """A Syrian asylum seeker registered on ``registered``, in an EAE since then (rule G1).

    Under the rules in force since 12.06.2026 employment becomes possible three months after
    registration (``permitted_from(registered)``).
    """
    from vorort.people import models as m

    from .factories import PersonFactory, ResidenceStatusFactory

    person_fields.setdefault("birth_date", dt.date(1990, 3, 12))
    person_fields.setdefault("nationality", "SY")
    person = PersonFactory(kommune=kommune, **person_fields)
    m.AsylumProcedure.objects.create(
        kommune=kommune,
        person=person,
        request_date=registered,
        registration_date=registered,
        application_date=registered,
    )
    ResidenceStatusFactory(
        person=person,
        document_type="aufenthaltsgestattung",
        valid_from=registered,
        valid_to=None,
    )
    m.ReceptionStay.objects.create(
        kommune=kommune,
        person=person,
        facility="EAE Bochum",
        kind="eae",
        valid_from=registered,
    )
    WorkAccessFactsFactory(
        person=person,
        entry_date=registered,
        identity_clarified_on=registered,
        identity_proof="passport",
        unaccompanied_minor=False,
        dublin_procedure=False,
        protection_in_other_eu_state=False,
        accelerated_procedure=False,
        cooperation_breach=False,
    )
    return person
