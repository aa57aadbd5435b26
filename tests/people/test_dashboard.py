"""The dashboard per role: tasks, appointments, new persons, expiring documents, figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vorort.core.models import Membership
from vorort.people import models as m
from vorort.people.choices import CaseStatus, DataCategory, DocumentType
from vorort.people.views.dashboard import suppress_small

from ..cases_factories import (
    AppointmentFactory,
    ConsentFactory,
    case_in,
    client_of,
    person_in,
    today,
    url,
)
from ..factories import PartnerOrganisationFactory, ResidenceStatusFactory


def _dashboard(tenant, role):
    response = client_of(tenant, role).get(url("dashboard"))
    assert response.status_code == 200
    return response


def test_dashboard_opens_for_every_role(tenant):
    for role in (
        "koordination",
        "fallmanagement",
        "wohnraum",
        "ehrenamtskoordination",
        "ehrenamt",
        "partner",
        "auswertung",
    ):
        _dashboard(tenant, role)


def test_dashboard_404s_for_other_kommune(tenant, other_tenant):
    assert client_of(other_tenant, "fallmanagement").get(url("dashboard")).status_code == 404


def test_dashboard_requires_login(tenant):
    from django.test import Client
    from django.urls import reverse

    response = Client().get(url("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


# --- tasks and appointments ----------------------------------------------------------------


def test_my_tasks_due_shows_due_and_overdue_tasks_only(tenant):
    me = tenant.user("fallmanagement")
    case = case_in(tenant)

    def task(title, days, **kwargs):
        return m.Task.objects.create(
            kommune=tenant.kommune,
            case=case,
            title=title,
            due_date=today() + dt.timedelta(days=days),
            assignee=kwargs.pop("assignee", me),
            **kwargs,
        )

    task("Überfällig", -3)
    task("Bald fällig", 14)
    task("Später", 15)
    task("Erledigt", 1, done_at=timezone.now())
    task("Nicht meine", 1, assignee=tenant.user("koordination"))
    response = _dashboard(tenant, "fallmanagement")
    assert [t.title for t in response.context["tasks"]] == ["Überfällig", "Bald fällig"]
    body = response.content.decode()
    # Overdue is said in words, not only by colour.
    overdue_item = body.split("Überfällig")[1].split("</li>")[0]
    assert "overdue" in overdue_item
    assert "overdue" not in body.split("Bald fällig")[1].split("</li>")[0]
    assert url("case_detail", case=case.uuid) in body


def test_my_appointments_shows_the_next_14_days_with_me(tenant):
    me = tenant.user("fallmanagement")
    case = case_in(tenant)
    now = timezone.now()
    AppointmentFactory(case=case, title="Morgen", starts_at=now + dt.timedelta(days=1), staff=me)
    AppointmentFactory(case=case, title="Zu spät", starts_at=now + dt.timedelta(days=20), staff=me)
    AppointmentFactory(case=case, title="Gestern", starts_at=now - dt.timedelta(days=1), staff=me)
    AppointmentFactory(
        case=case,
        title="Kollegin",
        starts_at=now + dt.timedelta(days=1),
        staff=tenant.user("koordination"),
    )
    response = _dashboard(tenant, "fallmanagement")
    assert [a.title for a in response.context["appointments"]] == ["Morgen"]
    assert url("case_detail", case=case.uuid) in response.content.decode()


def test_open_case_counts_for_case_workers(tenant):
    me = tenant.user("fallmanagement")
    case_in(tenant, case_manager=me)
    case_in(tenant, case_manager=tenant.user("koordination"))
    case_in(tenant, case_manager=me, status=CaseStatus.CLOSED, closed_on=today())
    response = _dashboard(tenant, "fallmanagement")
    assert response.context["case_counts"] == {"total": 2, "mine": 1}
    assert url("case_list") + "?status=open&amp;mine=1" in response.content.decode()


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "partner", "auswertung"])
def test_roles_without_cases_get_no_case_sections(tenant, role):
    m.Task.objects.create(
        kommune=tenant.kommune,
        case=case_in(tenant),
        title="Geheim",
        due_date=today(),
        assignee=tenant.user(role),
    )
    response = _dashboard(tenant, role)
    assert "tasks" not in response.context and "case_counts" not in response.context
    assert "Geheim" not in response.content.decode()


# --- new persons ---------------------------------------------------------------------------


def test_new_persons_are_the_10_newest_of_the_last_14_days(tenant):
    old = person_in(tenant, last_name="Altbekannt")
    m.Person.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    new = [person_in(tenant, last_name=f"Neu{n:02d}") for n in range(12)]
    response = _dashboard(tenant, "wohnraum")
    shown = response.context["new_persons"]
    assert len(shown) == 10
    assert shown[0] == new[-1]
    assert old not in shown
    assert url("person_detail", person=new[-1].uuid) in response.content.decode()


def test_new_persons_for_partner_and_volunteer_follow_their_access(tenant):
    consented = person_in(tenant, last_name="Eingewilligt")
    person_in(tenant, last_name="Fremd")
    ConsentFactory(person=consented, recipient=tenant.partner_org)
    assert [p.last_name for p in _dashboard(tenant, "partner").context["new_persons"]] == [
        "Eingewilligt"
    ]
    assert _dashboard(tenant, "ehrenamt").context["new_persons"] == []
    assert "new_persons" not in _dashboard(tenant, "auswertung").context


# --- expiring documents --------------------------------------------------------------------


def _status(tenant, person, days, **kwargs):
    return ResidenceStatusFactory(
        person=person,
        valid_from=today() - dt.timedelta(days=100),
        valid_to=today() + dt.timedelta(days=days),
        **kwargs,
    )


def test_dashboard_shows_an_expiring_status_for_fallmanagement(tenant, settings):
    settings.EXPIRY_WARNING_DAYS = 30
    soon = _status(
        tenant, person_in(tenant, last_name="Bald"), 10, document_type=DocumentType.DULDUNG
    )
    _status(tenant, person_in(tenant, last_name="Lange"), 31)
    _status(tenant, person_in(tenant, last_name="Abgelaufen"), -1)
    response = _dashboard(tenant, "fallmanagement")
    assert response.context["expiring"] == [soon]
    body = response.content.decode()
    assert "Duldung (§ 60a AufenthG)" in body
    assert soon.valid_to.strftime("%d.%m.%Y") in body
    assert url("person_detail", person=soon.person.uuid) in body


def test_expiring_leaves_out_a_document_already_followed_by_a_newer_one(tenant):
    person = person_in(tenant)
    _status(tenant, person, 5)
    ResidenceStatusFactory(
        person=person,
        valid_from=today() + dt.timedelta(days=6),
        valid_to=None,
        document_type=DocumentType.AUFENTHALTSERLAUBNIS,
    )
    assert _dashboard(tenant, "fallmanagement").context["expiring"] == []


def test_expiring_for_partner_needs_consent_with_aufenthalt(tenant):
    with_aufenthalt = person_in(tenant, last_name="MitAufenthalt")
    only_stammdaten = person_in(tenant, last_name="NurStammdaten")
    other_org = person_in(tenant, last_name="AndereStelle")
    no_consent = person_in(tenant, last_name="OhneEinwilligung")
    for person in (with_aufenthalt, only_stammdaten, other_org, no_consent):
        _status(tenant, person, 7)
    ConsentFactory(person=with_aufenthalt, recipient=tenant.partner_org)
    ConsentFactory(
        person=only_stammdaten,
        recipient=tenant.partner_org,
        data_categories=[DataCategory.STAMMDATEN],
    )
    ConsentFactory(
        person=other_org,
        recipient=PartnerOrganisationFactory(kommune=tenant.kommune, name="Ausländerbehörde"),
    )
    expiring = _dashboard(tenant, "partner").context["expiring"]
    assert [s.person.last_name for s in expiring] == ["MitAufenthalt"]
    # The full-access roles see all four.
    assert len(_dashboard(tenant, "wohnraum").context["expiring"]) == 4


@pytest.mark.parametrize("role", ["ehrenamtskoordination", "ehrenamt", "auswertung"])
def test_expiring_is_not_shown_without_status_view(tenant, role):
    status = _status(tenant, person_in(tenant, last_name="Versteckt"), 7)
    response = _dashboard(tenant, role)
    assert "expiring" not in response.context
    body = response.content.decode()
    assert "Expiring documents" not in body
    assert status.valid_to.strftime("%d.%m.%Y") not in body


def test_expiring_does_not_show_other_kommunes_documents(tenant, other_tenant):
    _status(other_tenant, person_in(other_tenant, last_name="Nachbarort"), 7)
    assert _dashboard(tenant, "fallmanagement").context["expiring"] == []


# --- Ehrenamt ------------------------------------------------------------------------------


def test_volunteer_sees_their_assigned_persons(tenant):
    mine = person_in(tenant, last_name="Begleitet")
    person_in(tenant, last_name="Unbekannt")
    ended = person_in(tenant, last_name="Früher")
    volunteer = tenant.user("ehrenamt")
    m.PersonAssignment.objects.create(
        kommune=tenant.kommune,
        person=mine,
        volunteer=volunteer,
        purpose="Behördengänge",
        valid_from=today() - dt.timedelta(days=10),
    )
    m.PersonAssignment.objects.create(
        kommune=tenant.kommune,
        person=ended,
        volunteer=volunteer,
        purpose="Sprachpate",
        valid_from=today() - dt.timedelta(days=100),
        valid_to=today() - dt.timedelta(days=1),
    )
    response = _dashboard(tenant, "ehrenamt")
    assert response.context["assigned_persons"] == [mine]
    body = response.content.decode()
    assert url("person_detail", person=mine.uuid) in body
    assert "Unbekannt" not in body and "Früher" not in body


# --- Auswertung: aggregates only, small cells suppressed ------------------------------------


def test_suppress_small():
    assert [suppress_small(n) for n in (0, 1, 4, 5, 17)] == ["< 5", "< 5", "< 5", "5", "17"]


def test_auswertung_sees_only_aggregates_with_small_cells_suppressed(tenant):
    persons = [person_in(tenant, last_name=f"Zählbar{n}") for n in range(7)]
    for person in persons[:6]:
        _status(tenant, person, 200, document_type=DocumentType.AUFENTHALTSGESTATTUNG)
    _status(tenant, persons[6], 200, document_type=DocumentType.DULDUNG)
    for person in persons[:3]:
        case_in(tenant, person=person)
    response = _dashboard(tenant, "auswertung")
    figures = response.context["figures"]
    assert figures["persons"] == "7"
    assert figures["open_cases"] == "< 5"
    statuses = dict(figures["statuses"])
    assert statuses[DocumentType.AUFENTHALTSGESTATTUNG.label] == "6"
    assert statuses[DocumentType.DULDUNG.label] == "< 5"
    assert statuses[DocumentType.NIEDERLASSUNGSERLAUBNIS.label] == "< 5"
    body = response.content.decode()
    assert "&lt; 5" in body
    # No person is named or linked.
    assert "Zählbar" not in body and "/personen/" not in body
    for section in ("tasks", "appointments", "new_persons", "expiring", "case_counts"):
        assert section not in response.context


def test_figures_count_only_the_own_kommune(tenant, other_tenant):
    for _n in range(6):
        person_in(other_tenant)
    person_in(tenant)
    assert _dashboard(tenant, "auswertung").context["figures"]["persons"] == "< 5"


# --- query counts --------------------------------------------------------------------------


def _fill(tenant, count):
    """``count`` items for every section of the dashboard."""
    me = tenant.user("fallmanagement")
    for n in range(count):
        person = person_in(tenant, last_name=f"Person{n}")
        case = case_in(tenant, person=person, case_manager=me)
        m.Task.objects.create(
            kommune=tenant.kommune, case=case, title=f"Aufgabe {n}", due_date=today(), assignee=me
        )
        AppointmentFactory(case=case, starts_at=timezone.now() + dt.timedelta(days=1), staff=me)
        _status(tenant, person, 5)
        ConsentFactory(person=person, recipient=tenant.partner_org)
        m.PersonAssignment.objects.create(
            kommune=tenant.kommune,
            person=person,
            volunteer=tenant.user("ehrenamt"),
            purpose="Begleitung",
            valid_from=today(),
        )


def _query_count(tenant, role):
    client = client_of(tenant, role)
    client.get(url("dashboard"))  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("dashboard"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "role", ["koordination", "fallmanagement", "wohnraum", "ehrenamt", "partner", "auswertung"]
)
def test_dashboard_query_count_does_not_grow_with_data(tenant, role):
    assert Membership.objects.filter(user=tenant.user(role)).exists()
    _fill(tenant, 3)
    few = _query_count(tenant, role)
    _fill(tenant, 17)
    many = _query_count(tenant, role)
    assert few == many


def test_dashboard_shows_the_first_items_and_links_to_all_expiring(tenant):
    import datetime as _dt

    from django.urls import reverse as _reverse
    from django.utils import timezone as _tz

    from tests.factories import PersonFactory, ResidenceStatusFactory

    on = _tz.localdate()
    for n in range(12):
        person = PersonFactory(kommune=tenant.kommune, last_name=f"Ablauf{n:02d}")
        ResidenceStatusFactory(
            person=person,
            valid_from=on - _dt.timedelta(days=100),
            valid_to=on + _dt.timedelta(days=1 + n),
        )
    client = tenant.client("fallmanagement")
    page = client.get(_reverse("people:dashboard", kwargs={"kommune": "paderborn"}))
    expiring_section = page.content.decode().split('id="dash-expiring"')[1].split("</section>")[0]
    assert "Ablauf07" in expiring_section and "Ablauf08" not in expiring_section
    assert "?expiring=1" in expiring_section
    listing = client.get(
        _reverse("people:person_list", kwargs={"kommune": "paderborn"}), {"expiring": "1"}
    ).content.decode()
    assert "Ablauf11" in listing and "Ablauf00" in listing
    assert listing.count("Ablauf") >= 12
