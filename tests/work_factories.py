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
