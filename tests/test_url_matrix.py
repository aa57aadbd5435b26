"""Every Kommune URL × every role × own/other Kommune, against an explicit expectation table.

A URL under /k/<kommune>/ without an entry in MATRIX fails
``test_every_kommune_url_is_in_the_matrix``: adding a view means deciding, here, who may use
it. For each URL the own Kommune's users get 200 (GET) or a non-error answer (POST) if their
role is listed and 403 if not; every user of the other Kommune gets 404, whatever their role.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from vorort.core.roles import Role
from vorort.housing.models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    ImportantPlace,
    KduTable,
    Landlord,
    Occupancy,
    OfferSubmission,
    Placement,
)
from vorort.imports.models import ImportUpload
from vorort.people import models as m
from vorort.people.choices import DataCategory, DocumentType, Relation
from vorort.work.models import WorkProcessStep

from .conftest import Tenant

K, F, W, EK, E, P, A = (
    Role.KOORDINATION,
    Role.FALLMANAGEMENT,
    Role.WOHNRAUM,
    Role.EHRENAMTSKOORDINATION,
    Role.EHRENAMT,
    Role.PARTNER,
    Role.AUSWERTUNG,
)
ALL = frozenset(Role)
CASEWORK = frozenset({K, F})

# url name -> (method, roles that may use it in their own Kommune)
MATRIX: dict[str, tuple[str, frozenset[Role]]] = {
    # core
    "core:audit_log": ("GET", frozenset({K})),
    "core:access_log": ("GET", frozenset({K})),
    "core:members": ("GET", frozenset({K})),
    "core:member_reset_2fa": ("POST", frozenset({K})),
    "people:dashboard": ("GET", ALL),
    # persons: every role that works with persons opens them (Ehrenamt: assigned, Partner:
    # consented); only case work changes them.
    "people:person_list": ("GET", frozenset({K, F, W, EK, E, P})),
    "people:person_detail": ("GET", frozenset({K, F, W, EK, E, P})),
    "people:person_create": ("GET", CASEWORK),
    "people:person_edit": ("GET", CASEWORK),
    "people:address_add": ("GET", CASEWORK),
    "people:language_add": ("GET", CASEWORK),
    "people:language_delete": ("POST", CASEWORK),
    "people:status_add": ("GET", CASEWORK),
    "people:status_edit": ("GET", CASEWORK),
    "people:asylum_edit": ("GET", CASEWORK),
    "people:reception_add": ("GET", CASEWORK),
    "people:person_health": ("GET", CASEWORK),
    "people:assignment_add": ("GET", frozenset({K, F, EK})),
    # households
    "people:household_list": ("GET", CASEWORK),
    "people:household_create": ("GET", CASEWORK),
    "people:household_detail": ("GET", CASEWORK),
    "people:household_member_add": ("GET", CASEWORK),
    "people:household_member_leave": ("POST", CASEWORK),
    # cases
    "people:case_list": ("GET", CASEWORK),
    "people:case_create": ("GET", CASEWORK),
    "people:case_detail": ("GET", CASEWORK),
    "people:case_edit": ("GET", CASEWORK),
    "people:case_close": ("GET", CASEWORK),
    "people:goal_add": ("GET", CASEWORK),
    "people:goal_status": ("GET", CASEWORK),
    "people:task_add": ("GET", CASEWORK),
    "people:task_done": ("POST", CASEWORK),
    "people:note_add": ("GET", CASEWORK),
    "people:appointment_add": ("GET", CASEWORK),
    # consent
    "people:consent_add": ("GET", CASEWORK),
    "people:consent_document": ("GET", CASEWORK),
    "people:consent_withdraw": ("GET", CASEWORK),
    # work access: case work and partners (consent to 'aufenthalt' and 'arbeit') look,
    # only case work changes facts and steps.
    "work:work_list": ("GET", frozenset({K, F, P})),
    "work:work_list_export": ("GET", frozenset({K, F, P})),
    "work:work_person": ("GET", frozenset({K, F, P})),
    "work:work_process": ("GET", frozenset({K, F, P})),
    "work:work_facts_edit": ("GET", CASEWORK),
    "work:work_step_add": ("GET", CASEWORK),
    "work:work_path_start": ("POST", CASEWORK),
    "work:work_step_done": ("POST", CASEWORK),
    # housing register (housing-records): the housing roles read, K and W change
    "housing:district_list": ("GET", frozenset({K, F, W})),
    "housing:district_create": ("GET", frozenset({K, W})),
    "housing:district_edit": ("GET", frozenset({K, W})),
    "housing:landlord_list": ("GET", frozenset({K, F, W})),
    "housing:landlord_create": ("GET", frozenset({K, W})),
    "housing:landlord_detail": ("GET", frozenset({K, F, W})),
    "housing:landlord_edit": ("GET", frozenset({K, W})),
    "housing:apartment_list": ("GET", frozenset({K, F, W})),
    "housing:apartment_create": ("GET", frozenset({K, W})),
    "housing:apartment_detail": ("GET", frozenset({K, F, W})),
    "housing:apartment_edit": ("GET", frozenset({K, W})),
    "housing:apartment_withdraw": ("POST", frozenset({K, W})),
    "housing:apartment_reoffer": ("POST", frozenset({K, W})),
    "housing:facility_list": ("GET", frozenset({K, F, W})),
    "housing:facility_create": ("GET", frozenset({K, W})),
    "housing:facility_detail": ("GET", frozenset({K, F, W})),
    "housing:facility_edit": ("GET", frozenset({K, W})),
    "housing:occupancy_add": ("GET", frozenset({K, W})),
    "housing:occupancy_end": ("GET", frozenset({K, W})),
    "housing:need_edit": ("GET", frozenset({K, F, W})),
    "housing:kdu_list": ("GET", frozenset({K, F, W})),
    "housing:kdu_create": ("GET", frozenset({K, W})),
    "housing:kdu_load": ("POST", frozenset({K, W})),
    "housing:kdu_detail": ("GET", frozenset({K, F, W})),
    "housing:offer_list": ("GET", frozenset({K, W})),
    "housing:offer_detail": ("GET", frozenset({K, W})),
    "housing:offer_take_over": ("POST", frozenset({K, W})),
    "housing:offer_reject": ("POST", frozenset({K, W})),
    "housing:place_add": ("POST", frozenset({K, F, W})),
    "housing:place_remove": ("POST", frozenset({K, F, W})),
    # placement pipeline and tandems (placement): the housing roles read, K and W decide,
    # K/F/W record the steps; tandems are assigned also by EK and seen by the volunteer.
    "placements:matching": ("GET", frozenset({K, F, W})),
    "placements:matching_run": ("POST", frozenset({K, W})),
    "placements:placement_list": ("GET", frozenset({K, F, W})),
    "placements:apartment_proposals": ("GET", frozenset({K, F, W})),
    "placements:apartment_rank": ("POST", frozenset({K, W})),
    "placements:placement_detail": ("GET", frozenset({K, F, W})),
    "placements:placement_accept": ("POST", frozenset({K, W})),
    "placements:placement_reject": ("POST", frozenset({K, W})),
    "placements:placement_viewing": ("POST", frozenset({K, F, W})),
    "placements:placement_landlord": ("POST", frozenset({K, F, W})),
    "placements:placement_certificate": ("POST", frozenset({K, F, W})),
    "placements:placement_contract": ("POST", frozenset({K, F, W})),
    "placements:placement_move_in": ("POST", frozenset({K, F, W})),
    "placements:placement_cancel": ("POST", frozenset({K, W})),
    "placements:placement_follow_up": ("POST", frozenset({K, F, W})),
    "placements:tandem_assign": ("GET", frozenset({K, F, W, EK})),
    "placements:tandem_list": ("GET", frozenset({K, F, W, EK, E})),
    "placements:tandem_detail": ("GET", frozenset({K, F, W, EK, E})),
    # web import and export (import.persons / export.persons: case work)
    # The import page serves persons (K, F) and housing lists (K, W); an upload's own views
    # (the matrix's upload is of persons) only the roles that may import its kind.
    "imports:import_home": ("GET", frozenset({K, F, W})),
    "imports:upload": ("GET", frozenset({K, F, W})),
    "imports:run_log": ("GET", frozenset({K})),
    "imports:template": ("GET", CASEWORK),
    "imports:upload_detail": ("GET", CASEWORK),
    "imports:mapping": ("GET", CASEWORK),
    "imports:progress": ("GET", CASEWORK),
    "imports:start": ("POST", CASEWORK),
    "imports:refused_rows": ("GET", CASEWORK),
    "imports:export_csv": ("GET", CASEWORK),
    "imports:export_xlsx": ("GET", CASEWORK),
    "imports:export_statuses_csv": ("GET", CASEWORK),
    "imports:export_statuses_xlsx": ("GET", CASEWORK),
    # housing exports (imports/housing_views.py): housing.import
    "imports:export_apartments_csv": ("GET", frozenset({K, W})),
    "imports:export_apartments_xlsx": ("GET", frozenset({K, W})),
    "imports:export_facilities_csv": ("GET", frozenset({K, W})),
    "imports:export_facilities_xlsx": ("GET", frozenset({K, W})),
    "imports:export_occupancy_csv": ("GET", frozenset({K, W})),
    "imports:export_occupancy_xlsx": ("GET", frozenset({K, W})),
    "imports:export_placements_csv": ("GET", frozenset({K, W})),
    "imports:export_placements_xlsx": ("GET", frozenset({K, W})),
    "imports:export_households_csv": ("GET", CASEWORK),
    "imports:export_households_xlsx": ("GET", CASEWORK),
    "imports:template_apartments": ("GET", frozenset({K, W})),
    "imports:template_facilities": ("GET", frozenset({K, W})),
    "imports:template_occupancy": ("GET", frozenset({K, W})),
}


def kommune_urls() -> list[tuple[str, str]]:
    """(qualified name, route) of every URL that takes a ``kommune`` argument."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                walk(entry.url_patterns, ns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                route = prefix + str(entry.pattern)
                if "<slug:kommune>" in route:
                    found.append((f"{namespace}:{entry.name}" if namespace else entry.name, route))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def world(tenant: Tenant, other_tenant: Tenant) -> dict[str, Any]:
    """One of everything in Paderborn, reachable by the volunteer and the partner too."""
    k = tenant.kommune
    person = m.Person.objects.create(
        kommune=k, first_name="Amina", last_name="Haddad", birth_date=dt.date(1990, 3, 12)
    )
    household = m.Household.objects.create(kommune=k, name="Familie Haddad")
    member = m.HouseholdMember.objects.create(
        kommune=k,
        household=household,
        person=person,
        relation=Relation.REFERENCE,
        joined_on=dt.date(2025, 1, 1),
    )
    status = m.ResidenceStatus.objects.create(
        kommune=k,
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2026, 12, 31),
    )
    language = m.PersonLanguage.objects.create(kommune=k, person=person, language="ar", level="L1")
    address = m.Address.objects.create(
        kommune=k,
        person=person,
        street="Bahnhofstraße 1",
        postcode="33102",
        city="Paderborn",
        valid_from=dt.date(2025, 1, 1),
    )
    stay = m.ReceptionStay.objects.create(
        kommune=k,
        person=person,
        facility="EAE Bochum",
        kind="eae",
        valid_from=dt.date(2024, 11, 1),
        valid_to=dt.date(2024, 12, 20),
    )
    m.PersonAssignment.objects.create(
        kommune=k,
        person=person,
        volunteer=tenant.user(E),
        purpose="Begleitung",
        valid_from=dt.date(2025, 1, 1),
    )
    consent = m.Consent(
        kommune=k,
        person=person,
        purpose="work",
        data_categories=[DataCategory.STAMMDATEN, DataCategory.AUFENTHALT, DataCategory.ARBEIT],
        recipient=tenant.partner_org,
        given_on=dt.date(2025, 1, 1),
    )
    consent.document.save("einwilligung.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    consent.save()
    case = m.Case.objects.create(
        kommune=k, person=person, reference="PA-2026-00001", opened_on=dt.date(2026, 1, 5)
    )
    goal = m.Goal.objects.create(kommune=k, case=case, title="Deutschkurs B1")
    task = m.Task.objects.create(
        kommune=k, case=case, title="Anmeldung", due_date=dt.date(2026, 12, 1)
    )
    note = m.Note.objects.create(kommune=k, case=case, text="Erstgespräch", author=tenant.user(F))
    appointment = m.Appointment.objects.create(
        kommune=k,
        case=case,
        title="Beratung",
        starts_at=dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC),
    )
    step = WorkProcessStep.objects.create(
        kommune=k, person=person, path="employment_permit", kind="job_offer"
    )
    # housing register (housing-records)
    housing_district = District.objects.create(kommune=k, name="Elsen", municipality="Paderborn")
    housing_landlord = Landlord.objects.create(kommune=k, kind="private", name="Gisela Kamp")
    housing_apartment = Apartment.objects.create(
        kommune=k,
        landlord=housing_landlord,
        district=housing_district,
        street="Kamp 5",
        postcode="33098",
        municipality="Paderborn",
        rooms=Decimal("3"),
        area_m2=Decimal("70"),
        rent_net_cold=Decimal("450"),
        available_from=dt.date(2026, 1, 1),
        max_persons=4,
    )
    housing_facility = Facility.objects.create(
        kommune=k, name="GU Alte Schule", kind="gu", places=80
    )
    housing_occupancy = Occupancy.objects.create(
        kommune=k, person=person, facility=housing_facility, valid_from=dt.date(2025, 1, 1)
    )
    housing_need = HousingNeed.objects.create(
        kommune=k, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    housing_place = ImportantPlace.objects.create(
        kommune=k, need=housing_need, kind="school", label="Grundschule", district=housing_district
    )
    housing_table = KduTable.objects.create(
        kommune=k, name="KdU Test", area="Paderborn", extra_person_amount=100, source="Test"
    )
    housing_offer = OfferSubmission.objects.create(
        kommune=k,
        landlord_kind="private",
        landlord_name="Gisela Kamp",
        email="gisela@example.org",
        street="Kamp 7",
        postcode="33098",
        municipality="Paderborn",
        rooms=Decimal("2"),
        area_m2=Decimal("50"),
        rent_net_cold=Decimal("400"),
        service_costs_cold=Decimal("90"),
        heating_costs=Decimal("60"),
        available_from=dt.date(2026, 12, 1),
        max_persons=3,
        privacy_accepted_at=dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC),
    )
    # placement pipeline (placement): a viewing arranged, tandem F + E
    placement_apartment = Apartment.objects.create(
        kommune=k,
        landlord=housing_landlord,
        street="Tandemweg 2",
        postcode="33098",
        municipality="Paderborn",
        rooms=Decimal("2"),
        area_m2=Decimal("55"),
        rent_net_cold=Decimal("400"),
        available_from=dt.date(2026, 1, 1),
        max_persons=3,
        status="reserved",
    )
    housing_placement = Placement.objects.create(
        kommune=k,
        household=household,
        apartment=placement_apartment,
        status="viewing",
        reasons=["1 Person passt (1–3)"],
        persons=1,
        viewing_at=dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC),
        viewing_place="Haustür",
        case_manager=tenant.user(F),
        volunteer=tenant.user(E),
    )
    return {
        "placement": housing_placement.uuid,
        "offer": housing_offer.uuid,
        "table": housing_table.uuid,
        "place": housing_place.uuid,
        "facility": housing_facility.uuid,
        "occupancy": housing_occupancy.uuid,
        "district": housing_district.uuid,
        "landlord": housing_landlord.uuid,
        "apartment": housing_apartment.uuid,
        "step": step.uuid,
        "user": tenant.user(F).uuid,
        "person": person.uuid,
        "household": household.uuid,
        "member": member.uuid,
        "status": status.uuid,
        "language": language.uuid,
        "address": address.uuid,
        "stay": stay.uuid,
        "consent": consent.uuid,
        "case": case.uuid,
        "goal": goal.uuid,
        "task": task.uuid,
        "note": note.uuid,
        "appointment": appointment.uuid,
        "kind": "personen",
        "upload": import_upload(tenant).uuid,
    }


def import_upload(tenant: Tenant) -> ImportUpload:
    """A checked web-import upload (file, preview, refused-rows file) of Paderborn."""
    upload = ImportUpload(
        kommune=tenant.kommune,
        kind="persons",
        file_name="liste.csv",
        uploaded_by=tenant.user(F),
        status=ImportUpload.Status.VALIDATED,
        headers=["Aktenzeichen", "Nachname", "Geburtsdatum"],
        mapping={"file_reference": 0, "last_name": 1, "birth_date": 2},
    )
    upload.file.save("liste.csv", ContentFile(b"Aktenzeichen;Nachname;Geburtsdatum\r\n"), False)
    upload.errors_file.save("fehler.xlsx", ContentFile(b"PK"), save=False)
    upload.save()
    return upload


def url_for(name: str, route: str, world: dict[str, Any]) -> str:
    kwargs: dict[str, Any] = {"kommune": "paderborn"}
    for part in route.split("<")[1:]:
        converter_and_name = part.split(">")[0]
        key = converter_and_name.split(":")[-1]
        if key == "kommune":
            continue
        assert key in world, f"{name}: the world fixture has no object for <{converter_and_name}>"
        kwargs[key] = world[key]
    return reverse(name, kwargs=kwargs)


def test_every_kommune_url_is_in_the_matrix():
    missing = [name for name, _route in kommune_urls() if name not in MATRIX]
    assert not missing, f"URLs without an entry in MATRIX: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist():
    existing = {name for name, _route in kommune_urls()}
    assert not set(MATRIX) - existing


@pytest.mark.parametrize(("name", "route"), kommune_urls())
def test_url_answers_by_role_and_kommune(name, route, world, tenant, other_tenant):
    method, allowed = MATRIX[name]
    url = url_for(name, route, world)
    wrong = []
    for role in Role:
        own = tenant.client(role)
        response = own.get(url) if method == "GET" else own.post(url, {})
        if role in allowed:
            ok = response.status_code == 200 if method == "GET" else response.status_code < 403
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append(f"own {role}: {response.status_code}")
        other = other_tenant.client(role)
        response = other.get(url) if method == "GET" else other.post(url, {})
        if response.status_code != 404:
            wrong.append(f"other Kommune {role}: {response.status_code}")
    assert not wrong, f"{method} {url}: " + "; ".join(wrong)
