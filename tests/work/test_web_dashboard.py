"""The dashboard section "Waiting periods ending": waiting periods within 30 days, my steps."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from vorort.people import models as m
from vorort.people.choices import DataCategory

from ..persons_factories import ConsentFactory, english
from ..work_factories import WorkProcessStepFactory, asylum_seeker_in_reception


def dashboard(client):
    return english(client).get(reverse("people:dashboard", kwargs={"kommune": "paderborn"}))


def test_dashboard_lists_waiting_periods_ending_soon_and_my_steps_due(tenant):
    today = timezone.localdate()
    soon = asylum_seeker_in_reception(
        tenant.kommune, registered=today - dt.timedelta(days=80), last_name="Soon"
    )
    asylum_seeker_in_reception(
        tenant.kommune, registered=today - dt.timedelta(days=10), last_name="Later"
    )
    not_mine = asylum_seeker_in_reception(
        tenant.kommune, registered=today - dt.timedelta(days=80), last_name="NotMine"
    )
    manager = tenant.user("fallmanagement")
    # The dashboard looks at the user's open cases only (the list shows the whole Kommune).
    for person in m.Person.objects.filter(kommune=tenant.kommune):
        m.Case.objects.create(
            kommune=tenant.kommune,
            person=person,
            reference=f"PA-{person.pk}",
            opened_on=today,
            case_manager=tenant.user("koordination") if person == not_mine else manager,
        )
    WorkProcessStepFactory(person=soon, responsible=manager, due_date=today + dt.timedelta(days=5))
    WorkProcessStepFactory(
        person=soon, responsible=manager, due_date=today + dt.timedelta(days=40), kind="job_start"
    )
    WorkProcessStepFactory(
        person=soon, responsible=tenant.user("koordination"), due_date=today, kind="ba_given"
    )
    response = dashboard(tenant.client("fallmanagement"))
    assert response.status_code == 200
    reminders = response.context["work_reminders"]
    assert [row.person.last_name for row in reminders["waiting"]] == ["Soon"]
    assert [step.kind for step in reminders["steps"]] == ["permit_application"]
    body = response.content.decode()
    assert "Waiting periods ending" in body
    assert "Application for a Beschäftigungserlaubnis" in body


def test_roles_without_work_view_see_no_section(tenant):
    asylum_seeker_in_reception(
        tenant.kommune, registered=timezone.localdate() - dt.timedelta(days=80)
    )
    for role in ("wohnraum", "ehrenamt", "auswertung"):
        response = dashboard(tenant.client(role))
        assert "work_reminders" not in response.context
        assert "Waiting periods ending" not in response.content.decode()


def test_partner_sees_only_consented_persons(tenant):
    today = timezone.localdate()
    shared = asylum_seeker_in_reception(
        tenant.kommune, registered=today - dt.timedelta(days=80), last_name="Shared"
    )
    asylum_seeker_in_reception(
        tenant.kommune, registered=today - dt.timedelta(days=81), last_name="Private"
    )
    ConsentFactory(
        person=shared,
        recipient=tenant.partner_org,
        data_categories=[DataCategory.AUFENTHALT, DataCategory.ARBEIT],
    )
    reminders = dashboard(tenant.client("partner")).context["work_reminders"]
    assert [row.person.last_name for row in reminders["waiting"]] == ["Shared"]
