"""The audit history: who changed what, per Kommune, Koordination only, bounded queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, TaskFactory
from vorort.people.models import HealthRecord


def audit_url(slug: str = "paderborn") -> str:
    return reverse("core:audit_log", kwargs={"kommune": slug})


def rename(person, actor, first_name: str) -> None:
    person.first_name = first_name
    person._history_user = actor
    person.save()


def test_a_change_shows_who_when_and_before_after(tenant, other_tenant):
    actor = tenant.user("fallmanagement")
    person = PersonFactory(kommune=tenant.kommune, first_name="Amina", last_name="Haddad")
    rename(person, actor, "Aminah")
    response = tenant.client("koordination").get(audit_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert str(actor) in html  # "Fallmanagement Paderborn"
    assert "Amina → Aminah" in html
    assert "First name" in html or "Vorname" in html


def test_another_kommunes_audit_does_not_show_the_change(tenant, other_tenant):
    person = PersonFactory(kommune=tenant.kommune, first_name="Amina")
    rename(person, tenant.user("fallmanagement"), "Aminah")
    PersonFactory(kommune=other_tenant.kommune, first_name="Yonas")
    response = other_tenant.client("koordination").get(audit_url("koenigswinter"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aminah" not in html
    assert "Fallmanagement Paderborn" not in html
    assert "Person" in html  # Königswinter's own entry is there


def test_only_koordination_reads_the_audit(tenant):
    for role in ("fallmanagement", "wohnraum", "ehrenamt", "partner", "auswertung"):
        assert tenant.client(role).get(audit_url()).status_code == 403, role


def test_the_audit_of_another_kommune_is_404(tenant, other_tenant):
    assert other_tenant.client("koordination").get(audit_url("paderborn")).status_code == 404


def test_health_notes_never_appear_in_the_audit(tenant):
    person = PersonFactory(kommune=tenant.kommune)
    record = HealthRecord(kommune=tenant.kommune, person=person, notes="Diabetes Typ 1")
    record._history_user = tenant.user("fallmanagement")
    record.save()
    record.notes = "Asthma, Insulin"
    record.needs_accessible_housing = True
    record._history_user = tenant.user("fallmanagement")
    record.save()
    html = tenant.client("koordination").get(audit_url()).content.decode()
    assert "health record" in html.lower() or "gesundheit" in html.lower()
    assert "Diabetes" not in html
    assert "Asthma" not in html
    assert "needs accessible housing" in html.lower() or "barrierefrei" in html.lower()


def test_bookkeeping_fields_are_not_listed_as_changes(tenant):
    person = PersonFactory(kommune=tenant.kommune, first_name="Omar")
    person.version += 1
    rename(person, tenant.user("koordination"), "Omer")
    html = tenant.client("koordination").get(audit_url()).content.decode()
    assert "Omar → Omer" in html
    assert "Version" not in html


def make_changes(tenant, count: int) -> None:
    actor = tenant.user("fallmanagement")
    for n in range(count):
        person = PersonFactory(kommune=tenant.kommune, first_name=f"P{n}")
        rename(person, actor, f"Q{n}")
        task = TaskFactory(
            kommune=tenant.kommune, case__person=person, case__kommune=tenant.kommune
        )
        task.title = f"Task {n}"
        task._history_user = actor
        task.save()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_rows(tenant):
    client = tenant.client("koordination")
    make_changes(tenant, 2)
    few = count_queries(client, audit_url())
    make_changes(tenant, 20)  # more than one page of 50 rows, several models
    many = count_queries(client, audit_url())
    assert many <= few + 2  # at most one more model on the page; never one per row
    assert many < 25


def test_the_audit_is_paginated_newest_first(tenant):
    actor = tenant.user("fallmanagement")
    person = PersonFactory(kommune=tenant.kommune, first_name="N0")
    for n in range(1, 60):
        rename(person, actor, f"N{n}")
    client = tenant.client("koordination")
    first = client.get(audit_url()).content.decode()
    assert "N58 → N59" in first
    assert "N8 → N9" not in first
    second = client.get(audit_url() + "?page=2").content.decode()
    assert "N8 → N9" in second
    assert "N58 → N59" not in second
