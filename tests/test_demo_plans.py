"""The household plans of the demo generator are consistent (no database needed)."""

from __future__ import annotations

import datetime as dt
import itertools
from random import Random

import pytest
from django.utils import timezone

from vorort.demo.names import ORIGIN_WEIGHTS, ORIGINS, family_name_for
from vorort.demo.places import DEMO_KOMMUNEN, KOENIGSWINTER, PADERBORN
from vorort.demo.plans import (
    HouseholdPlan,
    add_months,
    next_fourth_of_march,
    plan_household,
    renewals,
)
from vorort.people.choices import DocumentType, Gender, Language, Relation
from vorort.people.models import Address, ReceptionStay
from vorort.people.services.persons import asylum_problems, period_problems, status_problems

TODAY = dt.date(2026, 5, 14)


def households(count: int, seed: int = 1, today: dt.date = TODAY) -> list[HouseholdPlan]:
    rng = Random(seed)
    return [plan_household(rng, PADERBORN, today) for _ in range(count)]


def assert_no_overlap(periods: list, what: str) -> None:  # type: ignore[type-arg]
    ordered = sorted(periods, key=lambda p: p.valid_from)
    for earlier, later in itertools.pairwise(ordered):
        assert earlier.valid_to is not None, f"{what}: open period before another"
        assert earlier.valid_to < later.valid_from, f"{what}: {earlier} overlaps {later}"
    for period in periods:
        assert period.valid_to is None or period.valid_to >= period.valid_from, what


def test_name_lists_are_long_enough_and_have_diacritics():
    for origin in ORIGINS.values():
        for names in (origin.male, origin.female, origin.family):
            assert len(set(names)) >= 30, origin.key
    everything = {name for o in ORIGINS.values() for name in o.male + o.female + o.family}
    for name in ("Şahin", "Özdemir", "Kovalenko", "Hajizadeh"):
        assert name in everything
    assert set(ORIGIN_WEIGHTS) == set(ORIGINS)
    languages = set(Language.values)
    for origin in ORIGINS.values():
        assert {code for code, _w in origin.languages} <= languages
        assert set(origin.second_languages) <= languages


def test_slavic_family_names_take_the_feminine_form():
    russia, ukraine = ORIGINS["russia"], ORIGINS["ukraine"]
    assert family_name_for(russia, "Ivanov", Gender.FEMALE) == "Ivanova"
    assert family_name_for(russia, "Kovalevskii", Gender.FEMALE) == "Kovalevskaia"
    assert family_name_for(ukraine, "Kovalenko", Gender.FEMALE) == "Kovalenko"
    assert family_name_for(ukraine, "Vasylevskyi", Gender.FEMALE) == "Vasylevska"
    assert family_name_for(ukraine, "Horbunov", Gender.MALE) == "Horbunov"
    assert family_name_for(ORIGINS["turkey"], "Şahin", Gender.FEMALE) == "Şahin"


def test_month_arithmetic_and_renewals():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert next_fourth_of_march(dt.date(2025, 3, 4)) == dt.date(2026, 3, 4)
    assert next_fourth_of_march(dt.date(2025, 3, 3)) == dt.date(2025, 3, 4)
    periods = renewals(Random(3), dt.date(2024, 1, 10), (3, 6), TODAY)
    assert periods[0][0] == dt.date(2024, 1, 10)
    assert periods[-1][1] >= TODAY > periods[-1][0] - dt.timedelta(days=1)
    for (_s1, end), (start, _e2) in itertools.pairwise(periods):
        assert start == end + dt.timedelta(days=1)
    cut = renewals(Random(3), dt.date(2024, 1, 10), (3,), TODAY, until=dt.date(2024, 5, 1))
    assert cut[-1][1] == dt.date(2024, 5, 1)


@pytest.mark.parametrize("seed", [1, 2])
def test_households_are_consistent(seed):
    """Statuses, stays and addresses never overlap; dates are ordered; families fit."""
    today = timezone.localdate()
    plans = households(600, seed=seed, today=today)
    for plan in plans:
        origin = plan.origin
        assert 1 <= len(plan.members) <= 8
        assert plan.kommune_arrival <= today
        references = [mp for mp in plan.members if mp.relation == Relation.REFERENCE]
        assert len(references) == 1
        for member in plan.members:
            assert member.birth_date <= today
            assert member.joined_on >= plan.kommune_arrival
            assert member.joined_on >= member.birth_date
            assert_no_overlap(member.statuses, "statuses")
            assert_no_overlap(member.stays, "reception stays")
            assert_no_overlap(member.addresses, "addresses")
            for status in member.statuses:
                assert status.valid_from >= member.birth_date
                assert status_problems(**vars(status)) == [], status
            for stay in member.stays:
                assert (
                    period_problems(
                        ReceptionStay, valid_from=stay.valid_from, valid_to=stay.valid_to
                    )
                    == []
                )
                assert (
                    stay.valid_to is None
                    or stay.kind == "gu"
                    or (stay.valid_to < plan.kommune_arrival)
                ), "EAE and ZUE come before the Kommune"
            for address in member.addresses:
                assert (
                    period_problems(
                        Address, valid_from=address.valid_from, valid_to=address.valid_to
                    )
                    == []
                )
                assert address.city == PADERBORN.name
                assert address.postcode in {"33098", "33100", "33102", "33104", "33106"}
            assert member.addresses and member.addresses[-1].valid_to is None
            codes = [code for code, _level, _certified in member.languages]
            assert len(codes) == len(set(codes)), "one level per language"
            if origin.temporary_protection:
                assert member.asylum is None
                assert {s.document_type for s in member.statuses} <= {
                    DocumentType.FIKTIONSBESCHEINIGUNG,
                    DocumentType.AUFENTHALTSERLAUBNIS,
                }
                assert all(
                    s.legal_basis == "§ 24 Abs. 1 AufenthG"
                    for s in member.statuses
                    if s.document_type == DocumentType.AUFENTHALTSERLAUBNIS
                )
            else:
                asylum = member.asylum
                assert asylum is not None
                assert asylum_problems(**vars(asylum)) == [], asylum
                dates = [
                    d
                    for d in (
                        asylum.request_date,
                        asylum.registration_date,
                        asylum.application_date,
                        asylum.decision_date,
                    )
                    if d is not None
                ]
                assert dates == sorted(dates)
                assert asylum.bamf_reference.endswith("-" + origin.destatis_code)
        _assert_family_fits(plan)


def _assert_family_fits(plan: HouseholdPlan) -> None:
    """Children were born when their mother was 17–43 and their father at least 18."""
    parents = [mp for mp in plan.members if mp.relation in (Relation.REFERENCE, Relation.SPOUSE)]
    children = [mp for mp in plan.members if mp.relation == Relation.CHILD]
    for child in children:
        assert child.last_name  # children carry the family name
        for parent in parents:
            age_at_birth = (child.birth_date - parent.birth_date).days / 365.25
            if parent.gender == Gender.FEMALE:
                assert 16.99 <= age_at_birth <= 43.5, (parent, child)
            else:
                assert age_at_birth >= 17.99, (parent, child)
        assert child.age(TODAY) <= 21


def test_the_mix_has_every_origin_and_household_shape():
    plans = households(800, seed=5)
    origins = {plan.origin.key for plan in plans}
    assert origins == set(ORIGINS)
    sizes = {len(plan.members) for plan in plans}
    assert {1, 2, 3, 4, 5, 6} <= sizes
    singles = sum(1 for plan in plans if len(plan.members) == 1)
    assert 0.2 < singles / len(plans) < 0.55
    documents = {s.document_type for plan in plans for mp in plan.members for s in mp.statuses}
    assert {
        DocumentType.ANKUNFTSNACHWEIS,
        DocumentType.AUFENTHALTSGESTATTUNG,
        DocumentType.AUFENTHALTSERLAUBNIS,
        DocumentType.DULDUNG,
        DocumentType.FIKTIONSBESCHEINIGUNG,
    } <= documents
    entries = {s.work_entry for plan in plans for mp in plan.members for s in mp.statuses}
    assert "Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet" in entries
    places = {
        s.wohnsitzauflage_place
        for plan in plans
        for mp in plan.members
        for s in mp.statuses
        if s.wohnsitzauflage
    }
    assert places == {"Paderborn"}


def test_plans_depend_only_on_the_seed():
    first = [
        (mp.first_name, mp.last_name, mp.birth_date) for p in households(30, 9) for mp in p.members
    ]
    again = [
        (mp.first_name, mp.last_name, mp.birth_date) for p in households(30, 9) for mp in p.members
    ]
    other = [
        (mp.first_name, mp.last_name, mp.birth_date) for p in households(30, 10) for mp in p.members
    ]
    assert first == again
    assert first != other


def test_koenigswinter_addresses_are_in_53639():
    rng = Random(4)
    for _ in range(100):
        plan = plan_household(rng, KOENIGSWINTER, TODAY)
        for member in plan.members:
            assert {a.postcode for a in member.addresses} == {"53639"}
            assert {a.city for a in member.addresses} == {"Königswinter"}
    assert {spec.slug for spec in DEMO_KOMMUNEN} == {"paderborn", "koenigswinter"}
