"""Residence statuses, asylum procedure and reception stays: validation and history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vorort.core.errors import DomainError
from vorort.people.choices import DocumentType
from vorort.people.models import AsylumProcedure, ReceptionStay, ResidenceStatus, TimelineEntry
from vorort.people.services.persons import status_add

from ..factories import PersonFactory, ResidenceStatusFactory
from ..persons_factories import ReceptionStayFactory, english, url


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, first_name="Omar", last_name="Rahimi")


@pytest.fixture
def client(tenant):
    return english(tenant.client("fallmanagement"))


def status_data(**changes):
    data = {
        "document_type": DocumentType.DULDUNG,
        "legal_basis": "",
        "work_entry": "Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet",
        "document_number": "",
        "valid_from": "2025-01-01",
        "valid_to": "2025-06-30",
    }
    data.update(changes)
    return data


def errors_of(response) -> str:
    return response.content.decode()


# --- Adding a status ----------------------------------------------------------------------


def test_status_add_stores_the_document_and_a_timeline_entry(client, person):
    response = client.post(url("status_add", person=person.uuid), status_data())
    assert response.status_code == 302
    status = ResidenceStatus.objects.get(person=person)
    assert status.document_type == DocumentType.DULDUNG
    assert status.valid_to == dt.date(2025, 6, 30)
    assert status.work_entry.startswith("Beschäftigung nur")
    assert TimelineEntry.objects.get(person=person).kind == "status.added"


def test_overlapping_status_is_refused_and_nothing_stored(client, person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2024, 7, 1),
        valid_to=dt.date(2025, 1, 15),
    )
    response = client.post(url("status_add", person=person.uuid), status_data())
    body = errors_of(response)
    assert response.status_code == 400
    assert "Valid from: this period overlaps the residence document" in body
    assert "Aufenthaltsgestattung" in body
    assert "07/01/2024" in body or "2024-07-01" in body or "01.07.2024" in body
    assert ResidenceStatus.objects.filter(person=person).count() == 1
    assert not TimelineEntry.objects.exists()


def test_new_status_after_an_open_ended_one_asks_to_close_it_first(client, person):
    open_one = ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2024, 7, 1),
        valid_to=None,
    )
    response = client.post(url("status_add", person=person.uuid), status_data())
    body = errors_of(response)
    assert response.status_code == 400
    assert "has no end date" in body
    assert "Set the end date of that document first" in body
    open_one.refresh_from_db()
    assert open_one.valid_to is None
    assert ResidenceStatus.objects.count() == 1


def test_status_directly_after_a_closed_one_is_accepted(client, person):
    ResidenceStatusFactory(
        person=person, valid_from=dt.date(2024, 7, 1), valid_to=dt.date(2024, 12, 31)
    )
    response = client.post(url("status_add", person=person.uuid), status_data(valid_to=""))
    assert response.status_code == 302
    assert ResidenceStatus.objects.filter(person=person, valid_to__isnull=True).count() == 1


def test_status_end_before_start_is_refused(client, person):
    response = client.post(
        url("status_add", person=person.uuid), status_data(valid_to="2024-12-31")
    )
    assert response.status_code == 400
    assert "Valid to:" in errors_of(response)
    assert "is before the start" in errors_of(response)
    assert not ResidenceStatus.objects.exists()


def test_status_start_in_the_future_is_refused(client, person):
    future = timezone.localdate() + dt.timedelta(days=10)
    response = client.post(
        url("status_add", person=person.uuid),
        status_data(valid_from=future.isoformat(), valid_to=""),
    )
    assert response.status_code == 400
    assert "Valid from:" in errors_of(response)
    assert "lies in the future" in errors_of(response)
    assert not ResidenceStatus.objects.exists()


def test_aufenthaltserlaubnis_needs_a_legal_basis(client, person):
    data = status_data(document_type=DocumentType.AUFENTHALTSERLAUBNIS)
    response = client.post(url("status_add", person=person.uuid), data)
    assert response.status_code == 400
    assert "Legal basis: an Aufenthaltserlaubnis needs its legal basis" in errors_of(response)
    data["legal_basis"] = "§ 25 Abs. 2 AufenthG"
    response = client.post(url("status_add", person=person.uuid), data)
    assert response.status_code == 302
    assert ResidenceStatus.objects.get().legal_basis == "§ 25 Abs. 2 AufenthG"


def test_wohnsitzauflage_needs_a_place(client, person):
    data = status_data(wohnsitzauflage="on")
    response = client.post(url("status_add", person=person.uuid), data)
    assert response.status_code == 400
    assert "Wohnsitzauflage place:" in errors_of(response)
    assert not ResidenceStatus.objects.exists()
    data["wohnsitzauflage_place"] = "Paderborn"
    assert client.post(url("status_add", person=person.uuid), data).status_code == 302


def test_service_refuses_overlap_without_the_form(tenant, person):
    ResidenceStatusFactory(person=person, valid_from=dt.date(2024, 1, 1), valid_to=None)
    with pytest.raises(DomainError) as raised:
        status_add(
            person=person,
            actor=tenant.user("fallmanagement"),
            document_type=DocumentType.DULDUNG,
            valid_from=dt.date(2025, 1, 1),
            valid_to=None,
        )
    assert raised.value.field == "valid_from"
    assert ResidenceStatus.objects.count() == 1


def test_status_add_403_and_404(tenant, other_tenant, person):
    path = url("status_add", person=person.uuid)
    assert tenant.client("wohnraum").post(path, status_data()).status_code == 403
    assert tenant.client("partner").get(path).status_code == 403
    assert other_tenant.client("fallmanagement").post(path, status_data()).status_code == 404
    assert not ResidenceStatus.objects.exists()


# --- Correcting a status ------------------------------------------------------------------


def test_status_edit_sets_the_end_date_then_a_new_one_can_follow(client, person):
    status = ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2024, 7, 1),
        valid_to=None,
    )
    edit = url("status_edit", person=person.uuid, status=status.uuid)
    assert f'name="version" value="{status.version}"'.encode() in client.get(edit).content
    response = client.post(
        edit,
        status_data(
            document_type=DocumentType.AUFENTHALTSGESTATTUNG,
            work_entry="",
            valid_from="2024-07-01",
            valid_to="2024-12-31",
            version=status.version,
        ),
    )
    assert response.status_code == 302
    status.refresh_from_db()
    assert status.valid_to == dt.date(2024, 12, 31)
    assert status.version == 2
    assert client.post(url("status_add", person=person.uuid), status_data()).status_code == 302


def test_status_edit_with_stale_version_is_refused(tenant, person):
    status = ResidenceStatusFactory(
        person=person, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 6, 30)
    )
    edit = url("status_edit", person=person.uuid, status=status.uuid)
    data = status_data(
        document_type=status.document_type,
        valid_from="2024-01-01",
        valid_to="2024-06-30",
        version=1,
    )
    first = tenant.client("fallmanagement")
    second = english(tenant.client("koordination"))
    assert first.post(edit, {**data, "document_number": "A111"}).status_code == 302
    response = second.post(edit, {**data, "document_number": "B222"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    status.refresh_from_db()
    assert status.document_number == "A111"


def test_status_edit_refuses_overlap_with_another_status(client, person):
    ResidenceStatusFactory(
        person=person, valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 6, 30)
    )
    later = ResidenceStatusFactory(
        person=person, valid_from=dt.date(2024, 7, 1), valid_to=dt.date(2024, 12, 31)
    )
    response = client.post(
        url("status_edit", person=person.uuid, status=later.uuid),
        status_data(
            document_type=later.document_type,
            valid_from="2024-06-01",
            valid_to="2024-12-31",
            version=later.version,
        ),
    )
    assert response.status_code == 400
    assert "this period overlaps the residence document" in errors_of(response)
    later.refresh_from_db()
    assert later.valid_from == dt.date(2024, 7, 1)


def test_status_edit_of_another_persons_status_is_404(tenant, person):
    other = ResidenceStatusFactory(person=PersonFactory(kommune=tenant.kommune))
    path = url("status_edit", person=person.uuid, status=other.uuid)
    assert tenant.client("fallmanagement").get(path).status_code == 404


def test_status_edit_403_and_404(tenant, other_tenant, person):
    status = ResidenceStatusFactory(person=person)
    path = url("status_edit", person=person.uuid, status=status.uuid)
    assert tenant.client("ehrenamtskoordination").get(path).status_code == 403
    assert other_tenant.client("fallmanagement").get(path).status_code == 404


# --- Asylum procedure ---------------------------------------------------------------------


def asylum_data(**changes):
    data = {
        "request_date": "2023-10-02",
        "registration_date": "2023-10-05",
        "application_date": "2023-11-20",
        "decision_date": "",
        "decision": "",
        "bamf_reference": "1234567-423",
    }
    data.update(changes)
    return data


def test_asylum_create_then_update_with_version(client, person):
    path = url("asylum_edit", person=person.uuid)
    assert client.post(path, asylum_data()).status_code == 302
    procedure = AsylumProcedure.objects.get(person=person)
    assert procedure.application_date == dt.date(2023, 11, 20)
    response = client.post(
        path,
        asylum_data(decision_date="2024-05-02", decision="subsidiary", version=procedure.version),
    )
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.decision == "subsidiary"
    assert procedure.version == 2
    kinds = list(TimelineEntry.objects.values_list("kind", flat=True).order_by("id"))
    assert kinds == ["asylum.created", "asylum.updated"]


def test_asylum_dates_out_of_order_name_both_fields(client, person):
    response = client.post(
        url("asylum_edit", person=person.uuid), asylum_data(registration_date="2023-09-01")
    )
    body = errors_of(response)
    assert response.status_code == 400
    assert "Registration (Ankunftsnachweis):" in body
    assert "cannot be before asylum request (Asylgesuch)" in body
    assert not AsylumProcedure.objects.exists()


def test_asylum_decision_before_application_is_refused(client, person):
    response = client.post(
        url("asylum_edit", person=person.uuid),
        asylum_data(decision_date="2023-11-01", decision="rejected"),
    )
    assert response.status_code == 400
    assert "cannot be before formal application at the BAMF" in errors_of(response)


def test_asylum_dates_in_the_future_are_refused(client, person):
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        url("asylum_edit", person=person.uuid),
        asylum_data(decision_date=future, decision="refugee"),
    )
    assert response.status_code == 400
    assert "Decision:" in errors_of(response)
    assert "lies in the future" in errors_of(response)


def test_asylum_outcome_and_decision_date_go_together(client, person):
    path = url("asylum_edit", person=person.uuid)
    response = client.post(path, asylum_data(decision="refugee"))
    assert response.status_code == 400
    assert "an outcome needs the date of the decision" in errors_of(response)
    response = client.post(path, asylum_data(decision_date="2024-01-10"))
    assert response.status_code == 400
    assert "Outcome: a decision date needs the outcome." in errors_of(response)
    assert not AsylumProcedure.objects.exists()


def test_asylum_stale_version_is_refused(tenant, person):
    path = url("asylum_edit", person=person.uuid)
    first = tenant.client("fallmanagement")
    assert first.post(path, asylum_data()).status_code == 302
    stale = asylum_data(version=1)
    assert first.post(path, {**stale, "bamf_reference": "A"}).status_code == 302
    response = english(tenant.client("koordination")).post(path, {**stale, "bamf_reference": "B"})
    assert response.status_code == 400
    assert "Someone else changed this record" in response.content.decode()
    assert AsylumProcedure.objects.get().bamf_reference == "A"


def test_asylum_403_and_404(tenant, other_tenant, person):
    path = url("asylum_edit", person=person.uuid)
    assert tenant.client("wohnraum").post(path, asylum_data()).status_code == 403
    assert other_tenant.client("koordination").post(path, asylum_data()).status_code == 404
    assert not AsylumProcedure.objects.exists()


# --- Reception stays ----------------------------------------------------------------------


def reception_data(**changes):
    data = {
        "facility": "ZUE Bad Berleburg",
        "kind": "zue",
        "valid_from": "2024-01-10",
        "valid_to": "2024-03-31",
    }
    data.update(changes)
    return data


def test_reception_add(client, person):
    response = client.post(url("reception_add", person=person.uuid), reception_data())
    assert response.status_code == 302
    stay = ReceptionStay.objects.get(person=person)
    assert stay.facility == "ZUE Bad Berleburg"
    assert TimelineEntry.objects.get(person=person).kind == "reception.added"


def test_overlapping_reception_stay_is_refused(client, person):
    ReceptionStayFactory(
        person=person, facility="EAE Bochum", valid_from=dt.date(2023, 12, 1), valid_to=None
    )
    response = client.post(url("reception_add", person=person.uuid), reception_data())
    assert response.status_code == 400
    assert "EAE Bochum" in errors_of(response)
    assert "overlaps" in errors_of(response)
    assert ReceptionStay.objects.count() == 1


def test_reception_end_before_start_and_future_start_are_refused(client, person):
    path = url("reception_add", person=person.uuid)
    response = client.post(path, reception_data(valid_to="2024-01-01"))
    assert response.status_code == 400
    assert "Valid to:" in errors_of(response)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(path, reception_data(valid_from=future, valid_to=""))
    assert response.status_code == 400
    assert "Valid from:" in errors_of(response)
    assert not ReceptionStay.objects.exists()


def test_reception_403_and_404(tenant, other_tenant, person):
    path = url("reception_add", person=person.uuid)
    assert tenant.client("ehrenamt").post(path, reception_data()).status_code == 403
    assert other_tenant.client("fallmanagement").post(path, reception_data()).status_code == 404
    assert not ReceptionStay.objects.exists()
