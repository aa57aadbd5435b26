"""The dashboard: what the user's role needs first, each item linked to where it is handled.

Sections by permission, not by role name, so a change in the permissions matrix changes the
dashboard with it: tasks and appointments and case counts for ``case.view``, new persons for
``person.view``, expiring documents for ``status.view``, the volunteer's assigned persons for
Ehrenamt, and aggregate figures with small cells suppressed for ``stats.view``. Every
section is one query (or two), however many items there are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vorort.core.roles import Role
from vorort.core.tenancy import membership_of, requires
from vorort.housing.views.placements import dashboard_context as housing_dashboard
from vorort.work.lists import dashboard_reminders

from ..choices import DataCategory, DocumentType
from ..selectors import (
    appointments_between,
    expiring_statuses,
    kommune_figures,
    open_case_counts,
    persons_visible_to,
    persons_with_category,
    tasks_due,
    today,
)

#: Days ahead for "my tasks" and "my appointments", and back for "new persons".
DASHBOARD_DAYS = 14
NEW_PERSONS_SHOWN = 10
#: Items per list: a dashboard shows what comes first; the lists behind it show all.
ITEMS_SHOWN = 8
#: Statistical disclosure control: counts below this are shown as "< 5", never exactly.
SMALL_CELL_LIMIT = 5


def suppress_small(count: int) -> str:
    """``count`` as text, or "< 5" if it is below the small-cell limit (0 included)."""
    return f"< {SMALL_CELL_LIMIT}" if count < SMALL_CELL_LIMIT else str(count)


def _first(items: Any) -> tuple[list[Any], bool]:
    """The first ITEMS_SHOWN items and whether there are more (one query, one row extra)."""
    rows = list(items[: ITEMS_SHOWN + 1])
    return rows[:ITEMS_SHOWN], len(rows) > ITEMS_SHOWN


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@requires("dashboard.view")
def dashboard(request: HttpRequest, kommune: str) -> HttpResponse:
    membership = membership_of(request)
    on = today()
    horizon = on + dt.timedelta(days=DASHBOARD_DAYS)
    context: dict[str, Any] = {
        "today": on,
        "horizon": horizon,
        "days": DASHBOARD_DAYS,
        "shown": ITEMS_SHOWN,
    }

    if membership.can("case.view"):
        context["tasks"], context["more_tasks"] = _first(tasks_due(membership, until=horizon))
        context["appointments"], context["more_appointments"] = _first(
            appointments_between(
                membership, start=_midnight(on), end=_midnight(horizon + dt.timedelta(days=1))
            )
        )
        context["case_counts"] = open_case_counts(membership)

    if membership.can("person.view"):
        since = timezone.now() - dt.timedelta(days=DASHBOARD_DAYS)
        # A partner sees names only where a consent shares the basic data (stammdaten).
        context["new_persons"] = list(
            persons_with_category(membership, DataCategory.STAMMDATEN)
            .filter(created_at__gte=since)
            .order_by("-created_at", "-id")[:NEW_PERSONS_SHOWN]
        )

    if membership.can("status.view"):
        warn_until = on + dt.timedelta(days=settings.EXPIRY_WARNING_DAYS)
        context["expiry_days"] = settings.EXPIRY_WARNING_DAYS
        context["expiring"], context["more_expiring"] = _first(
            expiring_statuses(membership, start=on, end=warn_until)
        )

    if membership.can("work.view"):
        # Waiting periods ending within 30 days, my work-access steps due within 14 days.
        context["work_reminders"] = dashboard_reminders(membership, on=on, shown=ITEMS_SHOWN)

    # Housing panels and "Meine Tandems" (a fixed number of queries; housing/views/placements).
    context.update(housing_dashboard(membership))

    if membership.role == Role.EHRENAMT:
        context["assigned_persons"] = list(
            persons_visible_to(membership).order_by("last_name", "first_name", "id")[:50]
        )

    if membership.can("stats.view"):
        figures = kommune_figures(on)
        context["figures"] = {
            "persons": suppress_small(figures.persons),
            "open_cases": suppress_small(figures.open_cases),
            "statuses": [
                (label, suppress_small(figures.statuses.get(value, 0)))
                for value, label in DocumentType.choices
            ],
        }
        context["small_cell_limit"] = SMALL_CELL_LIMIT

    return render(request, "people/dashboard.html", context)
