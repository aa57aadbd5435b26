"""Health data (Art. 9 GDPR): every opening is logged; only roles with person.sensitive."""

from __future__ import annotations

import pytest

from vorort.core.models import AccessLog
from vorort.people.models import HealthRecord, TimelineEntry

from ..factories import PersonFactory
from ..persons_factories import english, url


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, first_name="Zahra", last_name="Tesfay")


def test_opening_writes_an_access_log_row_every_time(tenant, person):
    client = tenant.client("fallmanagement")
    path = url("person_health", person=person.uuid)
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    rows = list(AccessLog.objects.all())
    assert len(rows) == 2
    row = rows[0]
    assert row.kommune == tenant.kommune
    assert row.user == tenant.user("fallmanagement")
    assert row.subject_type == "person"
    assert row.subject_uuid == person.uuid
    assert row.subject_label == "Tesfay, Zahra"
    assert row.category == "gesundheit"
    assert row.path == path


def test_saving_creates_the_record_with_timeline_but_without_content(tenant, person):
    client = tenant.client("koordination")
    path = url("person_health", person=person.uuid)
    response = client.post(
        path, {"needs_accessible_housing": "on", "notes": "Rollstuhl, Diabetes Typ 1"}
    )
    assert response.status_code == 302
    record = HealthRecord.objects.get(person=person)
    assert record.needs_accessible_housing is True
    assert record.notes == "Rollstuhl, Diabetes Typ 1"
    entry = TimelineEntry.objects.get(person=person)
    assert entry.kind == "health.updated"
    assert "Diabetes" not in entry.summary
    body = client.get(path).content.decode()
    assert "Rollstuhl, Diabetes Typ 1" in body
    assert f'name="version" value="{record.version}"' in body


def test_stale_health_edit_is_refused(tenant, person):
    HealthRecord.objects.create(kommune=tenant.kommune, person=person, notes="alt")
    path = url("person_health", person=person.uuid)
    first = tenant.client("fallmanagement")
    second = english(tenant.client("koordination"))
    assert first.post(path, {"notes": "neu", "version": 1}).status_code == 302
    response = second.post(path, {"notes": "überschrieben", "version": 1})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert HealthRecord.objects.get().notes == "neu"
    # The refused form was shown again with health data: that opening is logged too.
    assert AccessLog.objects.filter(user=tenant.user("koordination")).count() == 1


@pytest.mark.parametrize(
    "role", ["wohnraum", "ehrenamtskoordination", "ehrenamt", "partner", "auswertung"]
)
def test_wrong_role_gets_403_without_a_log_row(tenant, person, role):
    path = url("person_health", person=person.uuid)
    assert tenant.client(role).get(path).status_code == 403
    assert tenant.client(role).post(path, {"notes": "x"}).status_code == 403
    assert not AccessLog.objects.exists()
    assert not HealthRecord.objects.exists()


def test_other_kommune_gets_404_without_a_log_row(tenant, other_tenant, person):
    client = other_tenant.client("fallmanagement")
    for kommune in ("paderborn", "koenigswinter"):
        path = url("person_health", kommune=kommune, person=person.uuid)
        assert client.get(path).status_code == 404
    assert not AccessLog.objects.exists()


def test_person_page_links_health_only_for_sensitive_roles(tenant, person):
    link = url("person_health", person=person.uuid)
    detail = url("person_detail", person=person.uuid)
    assert link in tenant.client("fallmanagement").get(detail).content.decode()
    assert link not in tenant.client("wohnraum").get(detail).content.decode()
    assert not AccessLog.objects.exists()
