"""``vorort demo``: logins, idempotence, valid data, determinism (small sizes: fast)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vorort.core.models import Kommune, Membership, PartnerOrganisation, User
from vorort.core.roles import Role
from vorort.demo.accounts import demo_logins, tenant_data_models
from vorort.demo.generator import WRITE_ORDER
from vorort.people import models as m
from vorort.people.selectors import persons_visible_to
from vorort.people.services.persons import asylum_problems

pytestmark = pytest.mark.django_db


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    counts = {
        model._meta.label: model._base_manager.count()
        for model in (*WRITE_ORDER, Kommune, PartnerOrganisation, User, Membership)
    }
    return counts


@pytest.fixture
def demo() -> str:
    return run_demo("--persons", "160", "--seed", "3")


def test_demo_creates_both_kommunen_with_persons_and_logins(demo):
    paderborn = Kommune.objects.get(slug="paderborn")
    koenigswinter = Kommune.objects.get(slug="koenigswinter")
    assert (paderborn.ags, paderborn.kreis, paderborn.state) == (
        "05774032",
        "Kreis Paderborn",
        "05",
    )
    assert (koenigswinter.ags, koenigswinter.kreis) == ("05382068", "Rhein-Sieg-Kreis")
    in_paderborn = m.Person.objects.filter(kommune=paderborn).count()
    in_koenigswinter = m.Person.objects.filter(kommune=koenigswinter).count()
    # 400:150 like the small size; households are not cut, so a few more are fine.
    assert 110 <= in_paderborn <= 125
    assert 40 <= in_koenigswinter <= 52
    names = set(
        PartnerOrganisation.objects.filter(kommune=paderborn).values_list("name", flat=True)
    )
    assert names == {
        "Ausländerbehörde Kreis Paderborn",
        "Jobcenter Kreis Paderborn",
        "Sozialamt Stadt Paderborn",
    }
    for role in Role.values:
        membership = Membership.objects.get(user__username=f"{role}-paderborn")
        assert membership.role == role
        assert membership.kommune == paderborn
    partner = Membership.objects.get(user__username="partner-koenigswinter")
    assert partner.organisation.name == "Jobcenter Rhein-Sieg"
    district = Membership.objects.filter(user__username="auswertung-kreis")
    assert {(ms.kommune.slug, ms.role) for ms in district} == {
        ("paderborn", Role.AUSWERTUNG),
        ("koenigswinter", Role.AUSWERTUNG),
    }
    assert "http://127.0.0.1:" in demo
    assert "password: demo" in demo
    for login in demo_logins():
        assert login.username in demo


def test_running_demo_again_duplicates_nothing(demo):
    before = row_counts()
    output = run_demo("--persons", "160", "--seed", "3")
    assert row_counts() == before
    assert "exist already" in output
    assert "koordination-paderborn" in output


def test_reset_deletes_and_regenerates_the_same_data(demo):
    before = row_counts()
    names = list(m.Person.objects.order_by("id").values_list("first_name", "last_name"))
    edited = m.Person.objects.order_by("id").first()
    edited.first_name = "Geändert"
    edited.save()
    user = User.objects.get(username="fallmanagement-paderborn")
    user.set_password("changed-password")
    user.save()
    output = run_demo("--persons", "160", "--seed", "3", "--reset")
    assert "Deleted" in output
    assert row_counts() == before
    assert not m.Person.objects.filter(first_name="Geändert").exists()
    assert list(m.Person.objects.order_by("id").values_list("first_name", "last_name")) == names
    user.refresh_from_db()
    assert user.check_password("demo")


def test_every_demo_user_logs_in_and_reaches_its_dashboard(demo):
    for login in demo_logins():
        client = Client()
        response = client.post(
            reverse("core:login"), {"username": login.username, "password": "demo"}
        )
        assert response.status_code == 302, login.username
        user = User.objects.get(username=login.username)
        slugs = list(user.memberships.values_list("kommune__slug", flat=True))
        assert len(slugs) == len(login.kommunen)
        for slug in slugs:
            response = client.get(reverse("people:dashboard", kwargs={"kommune": slug}))
            assert response.status_code == 200, (login.username, slug)


def test_a_sample_of_every_model_passes_full_clean(demo):
    for model in WRITE_ORDER:
        sample = list(model._base_manager.order_by("id")[:40])
        assert sample, f"no {model.__name__} generated"
        for obj in sample:
            obj.full_clean()
    for obj in [*Kommune.objects.all(), *Membership.objects.all()]:
        obj.full_clean()


def test_persons_have_search_names_and_a_creation_entry(demo):
    for person in m.Person.objects.all()[:50]:
        stored = person.search_name
        person.save()  # save() computes it: the generator must have done the same
        assert person.search_name == stored
    persons = m.Person.objects.count()
    assert m.TimelineEntry.objects.filter(kind="person.created").count() == persons
    assert m.HouseholdMember.objects.count() == persons


def test_status_periods_of_a_person_never_overlap(demo):
    periods = defaultdict(list)
    for status in m.ResidenceStatus.objects.order_by("valid_from"):
        periods[status.person_id].append(status)
    assert len(periods) == m.Person.objects.count()
    for statuses in periods.values():
        for earlier, later in itertools.pairwise(statuses):
            assert earlier.valid_to is not None
            assert earlier.valid_to < later.valid_from


def test_asylum_dates_are_in_order(demo):
    procedures = list(m.AsylumProcedure.objects.all())
    assert procedures
    for procedure in procedures:
        dates = [
            d
            for d in (
                procedure.request_date,
                procedure.registration_date,
                procedure.application_date,
                procedure.decision_date,
            )
            if d is not None
        ]
        assert dates == sorted(dates)
        fields = ("request_date", "registration_date", "application_date", "decision_date")
        data = {name: getattr(procedure, name) for name in (*fields, "decision")}
        assert asylum_problems(**data) == []


def test_the_dashboards_have_something_to_show(demo):
    today = timezone.localdate()
    paderborn = Kommune.objects.get(slug="paderborn")
    expiring = m.ResidenceStatus.objects.filter(
        kommune=paderborn, valid_to__gte=today, valid_to__lte=today + dt.timedelta(days=30)
    )
    assert expiring.exists()
    case_manager = User.objects.get(username="fallmanagement-paderborn")
    tasks = m.Task.objects.filter(assignee=case_manager, done_at__isnull=True)
    assert tasks.filter(due_date__lt=today).exists()
    assert tasks.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=7)).exists()
    start = timezone.now()
    assert m.Appointment.objects.filter(
        staff=case_manager,
        starts_at__gte=start - dt.timedelta(days=1),
        starts_at__lte=start + dt.timedelta(days=14),
    ).exists()
    assert m.Case.objects.filter(case_manager=case_manager).exists()
    partner = Membership.objects.get(user__username="partner-paderborn")
    assert persons_visible_to(partner).filter(kommune=paderborn).exists()
    volunteer = Membership.objects.get(user__username="ehrenamt-paderborn")
    assert persons_visible_to(volunteer).filter(kommune=paderborn).exists()


def test_same_seed_gives_the_same_first_names_and_another_seed_does_not():
    def first_twenty() -> list[tuple[str, str]]:
        return list(m.Person.objects.order_by("id").values_list("first_name", "last_name")[:20])

    run_demo("--persons", "60", "--seed", "11")
    first = first_twenty()
    run_demo("--persons", "60", "--seed", "11", "--reset")
    assert first_twenty() == first
    run_demo("--persons", "60", "--seed", "12", "--reset")
    assert first_twenty() != first


def test_reset_removes_every_kind_of_tenant_data_of_the_demo_kommunen(demo):
    run_demo("--persons", "30", "--seed", "3", "--reset")
    for model in tenant_data_models():
        if model in WRITE_ORDER:
            assert model._base_manager.count() > 0 or model is m.PersonAssignment
    assert 20 <= m.Person.objects.count() <= 45


def test_demo_refuses_outside_demo_mode(settings, db):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="VORORT_DEMO_MODE"):
        run_demo("--persons", "10")
    assert not Kommune.objects.exists()


def test_demo_refuses_a_count_below_one(db):
    with pytest.raises(CommandError, match="--persons"):
        run_demo("--persons", "0")
