"""Turn household plans into rows: persons, households, histories, cases, consents, timeline.

Rows are written in batches (one transaction per batch) by :class:`.writer.RowWriter`, which
skips ``save()`` like ``bulk_create`` does: so ``kommune`` is set on every row,
``Person.search_name`` is computed here with :func:`vorort.people.search.fold`, and no
simple-history rows are written (each person gets one ``person.created`` timeline entry
instead). Persons, households, cases and notes get creation times from their story (a note
written last March says so), not the time of the run. Run inside
``django_scopes.scopes_disabled()``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vorort.core.models import PartnerOrganisation
from vorort.core.roles import Role
from vorort.people import models as m
from vorort.people.choices import CaseStatus, ConsentPurpose, DataCategory, GoalStatus, Relation
from vorort.people.search import fold

from . import texts
from .accounts import DemoAccounts
from .plans import DAY, HouseholdPlan, MemberPlan, plan_household
from .writer import Row, RowWriter


@dataclass(frozen=True)
class Detail:
    """How much case work per household: the large data set has less per person."""

    case_share: float
    goals: tuple[int, int]
    tasks: tuple[int, int]
    notes: tuple[int, int]
    #: weights of (overdue, due this week, due later, done) for tasks of open cases
    task_mix: tuple[int, int, int, int]
    upcoming_appointment: float
    past_appointment: float
    consent_share: float
    assignments: int


FULL = Detail(0.6, (1, 3), (1, 4), (0, 3), (20, 20, 30, 30), 0.4, 0.3, 0.4, 12)
LIGHT = Detail(0.6, (1, 2), (1, 2), (0, 1), (4, 4, 22, 70), 0.02, 0.05, 0.3, 12)

# The order in which a batch is written: everything after what it points at.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    m.Household,
    m.Person,
    m.HouseholdMember,
    m.HealthRecord,
    m.PersonLanguage,
    m.Address,
    m.ResidenceStatus,
    m.AsylumProcedure,
    m.ReceptionStay,
    m.Case,
    m.Goal,
    m.Task,
    m.Note,
    m.Appointment,
    m.Consent,
    m.PersonAssignment,
    m.TimelineEntry,
)


def aware(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@dataclass
class Batch:
    rows: dict[type[models.Model], list[Row]] = field(default_factory=dict)
    persons: int = 0


class KommuneGenerator:
    """Generates the persons of one demo Kommune from a seeded ``random.Random``."""

    def __init__(
        self,
        accounts: DemoAccounts,
        *,
        seed: int,
        today: dt.date,
        detail: Detail = FULL,
        batch_persons: int = 5000,
    ) -> None:
        self.accounts = accounts
        self.spec = accounts.spec
        self.kommune_id = accounts.kommune.pk
        # One stream per Kommune: Königswinter's data does not depend on Paderborn's size.
        self.rng = Random(f"vorort-demo:{seed}:{self.spec.slug}")
        self.today = today
        self.now = timezone.now()
        self.detail = detail
        self.batch_persons = batch_persons
        self.case_manager_id = accounts.staff[Role.FALLMANAGEMENT].pk
        self.volunteer = accounts.staff[Role.EHRENAMT]
        self.volunteer_coordinator_id = accounts.staff[Role.EHRENAMTSKOORDINATION].pk
        partners = accounts.partners
        self.jobcenter = partners[PartnerOrganisation.Kind.JOBCENTER]
        self.immigration_office = partners[PartnerOrganisation.Kind.AUSLAENDERBEHOERDE]
        self.social_office = partners[PartnerOrganisation.Kind.SOZIALAMT]
        self.counts: Counter[str] = Counter()
        self.person_seq = 0
        self.case_seq = 0
        self.assignments = 0
        self.writer = RowWriter(WRITE_ORDER)
        self.batch = Batch()
        # Timeline texts, translated once into the active language.
        self.person_created = _("Person created")

    # --- helpers ---------------------------------------------------------------------------

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Queue a row of ``model`` with its id, uuid and Kommune; return the id."""
        pk = self.writer.new_id(model)
        values["id"] = pk
        values["uuid"] = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        values["kommune_id"] = self.kommune_id
        self.batch.rows.setdefault(model, []).append(values)
        return pk

    def between(self, low: dt.date, high: dt.date) -> dt.date:
        if high <= low:
            return low
        return low + dt.timedelta(days=self.rng.randint(0, (high - low).days))

    def office_time(self, day: dt.date) -> dt.datetime:
        return aware(day, self.rng.randint(8, 15), self.rng.choice((0, 15, 30, 45)))

    # --- run -------------------------------------------------------------------------------

    def run(self, persons: int, progress: Callable[[int], None] | None = None) -> Counter[str]:
        """Create about ``persons`` persons (households are not cut, so ± a few)."""
        done = 0
        next_report = 10_000
        while done < persons:
            self.batch = Batch()
            while self.batch.persons < self.batch_persons and done + self.batch.persons < persons:
                remaining = persons - done - self.batch.persons
                plan = plan_household(
                    self.rng, self.spec, self.today, max_persons=min(8, remaining)
                )
                self.add_household(plan)
            with transaction.atomic():
                self.counts.update(self.writer.write(self.batch.rows))
            done += self.batch.persons
            if progress is not None and done >= next_report:
                progress(done)
                next_report = (done // 10_000 + 1) * 10_000
        self.writer.finish()
        return self.counts

    # --- one household ---------------------------------------------------------------------

    def add_household(self, plan: HouseholdPlan) -> None:
        created = self.office_time(plan.kommune_arrival)
        household_id = self.add(m.Household, name=plan.name, created_at=created, updated_at=created)
        persons = []
        for member in plan.members:
            person_id = self.add_person(plan, member)
            self.add(
                m.HouseholdMember,
                household_id=household_id,
                person_id=person_id,
                relation=member.relation,
                joined_on=member.joined_on,
            )
            persons.append((person_id, member))
        self.batch.persons += len(plan.members)
        if self.rng.random() < self.detail.case_share:
            self.add_case(plan, household_id, persons)

    def add_person(self, plan: HouseholdPlan, member: MemberPlan) -> int:
        self.person_seq += 1
        created = self.office_time(member.joined_on)
        person_id = self.add(
            m.Person,
            first_name=member.first_name,
            last_name=member.last_name,
            search_name=fold(f"{member.first_name} {member.last_name}"),
            birth_date=member.birth_date,
            gender=member.gender,
            nationality=plan.origin.nationality,
            phone=member.phone,
            email=member.email,
            file_reference=f"{self.spec.code}-{member.joined_on.year}-{self.person_seq:05d}",
            created_at=created,
            updated_at=created,
        )
        for code, level, certified in member.languages:
            self.add(
                m.PersonLanguage,
                person_id=person_id,
                language=code,
                level=level,
                certified=certified,
            )
        for address in member.addresses:
            self.add(m.Address, person_id=person_id, **vars(address))
        for status in member.statuses:
            self.add(m.ResidenceStatus, person_id=person_id, **vars(status))
        for stay in member.stays:
            self.add(m.ReceptionStay, person_id=person_id, **vars(stay))
        if member.asylum is not None:
            self.add(m.AsylumProcedure, person_id=person_id, **vars(member.asylum))
        if member.health is not None:
            accessible, disabled, _notes = member.health
            self.add(
                m.HealthRecord,
                person_id=person_id,
                needs_accessible_housing=accessible,
                severe_disability=disabled,
                notes=self.rng.choice(texts.HEALTH_NOTES) if accessible or disabled else "",
            )
        self.add(
            m.TimelineEntry,
            person_id=person_id,
            kind="person.created",
            summary=self.person_created,
            actor_id=self.case_manager_id,
            occurred_at=created,
        )
        return person_id

    # --- case work -------------------------------------------------------------------------

    def add_case(
        self, plan: HouseholdPlan, household_id: int, persons: list[tuple[int, MemberPlan]]
    ) -> None:
        rng, today, detail = self.rng, self.today, self.detail
        reference_person_id = persons[0][0]
        opened = self.between(plan.kommune_arrival, min(plan.kommune_arrival + 60 * DAY, today))
        closed: dt.date | None = None
        if rng.random() < 0.15 and (today - opened).days > 120:
            closed = self.between(opened + 90 * DAY, today - DAY)
        self.case_seq += 1
        children = sum(1 for _p, mp in persons if mp.relation == Relation.CHILD)
        focus = ", ".join(rng.sample(texts.SUMMARY_FOCUS, 2))
        summary = (
            f"{len(persons)} Personen, davon {children} Kinder. Schwerpunkte: {focus}."
            if len(persons) > 1
            else f"Alleinstehend. Schwerpunkte: {focus}."
        )
        created = self.office_time(opened)
        reference = f"{self.spec.code}-F-{opened.year}-{self.case_seq:05d}"
        case_id = self.add(
            m.Case,
            person_id=reference_person_id,
            household_id=household_id,
            reference=reference,
            case_manager_id=self.case_manager_id,
            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
            opened_on=opened,
            closed_on=closed,
            summary=summary,
            created_at=created,
            updated_at=created,
        )
        self.add(
            m.TimelineEntry,
            person_id=reference_person_id,
            case_id=case_id,
            kind="case.opened",
            summary=_("Case %(reference)s opened") % {"reference": reference},
            actor_id=self.case_manager_id,
            occurred_at=created,
        )
        end = closed or today
        for title in rng.sample(texts.GOALS, rng.randint(*detail.goals)):
            status = rng.choices(
                (GoalStatus.OPEN, GoalStatus.ACHIEVED, GoalStatus.DROPPED),
                weights=(70, 20, 10) if closed is None else (0, 75, 25),
            )[0]
            self.add(
                m.Goal,
                case_id=case_id,
                title=title,
                status=status,
                target_date=opened + rng.randint(60, 540) * DAY,
            )
        for title in rng.sample(texts.TASKS, rng.randint(*detail.tasks)):
            self.add_task(case_id, title, opened, closed)
        for _n in range(rng.randint(*detail.notes)):
            written = self.office_time(self.between(opened, end))
            self.add(
                m.Note,
                case_id=case_id,
                text=rng.choice(texts.NOTES),
                author_id=self.case_manager_id,
                created_at=written,
                updated_at=written,
            )
        if closed is None:
            self.add_appointments(case_id, opened)
        self.add_consents(persons, opened)
        self.maybe_assign(persons, opened)

    def add_task(self, case_id: int, title: str, opened: dt.date, closed: dt.date | None) -> None:
        rng, today = self.rng, self.today
        kinds = ("overdue", "week", "later", "done")
        kind = "done" if closed else rng.choices(kinds, weights=self.detail.task_mix)[0]
        done_at = None
        if kind == "overdue":
            due = today - rng.randint(1, 30) * DAY
        elif kind == "week":
            due = today + rng.randint(0, 6 - today.weekday()) * DAY
        elif kind == "later":
            due = today + rng.randint(8, 90) * DAY
        else:
            due = self.between(opened + 7 * DAY, (closed or today) - DAY)
            done_day = max(opened, due - rng.randint(0, 3) * DAY)
            done_at = min(self.office_time(done_day), self.now)
        self.add(
            m.Task,
            case_id=case_id,
            title=title,
            due_date=due,
            assignee_id=self.case_manager_id,
            done_at=done_at,
        )

    def add_appointments(self, case_id: int, opened: dt.date) -> None:
        rng, today = self.rng, self.today
        days = []
        if rng.random() < self.detail.upcoming_appointment:
            day = today + rng.randint(0, 13) * DAY
            if day.weekday() >= 5:  # to the Monday after, or the Friday before
                monday = day + (7 - day.weekday()) * DAY
                day = monday if monday <= today + 13 * DAY else day - (day.weekday() - 4) * DAY
            days.append(day)
        if rng.random() < self.detail.past_appointment and opened < today - DAY:
            days.append(self.between(max(opened, today - 60 * DAY), today - DAY))
        for day in days:
            self.add(
                m.Appointment,
                case_id=case_id,
                title=rng.choice(texts.APPOINTMENTS),
                starts_at=self.office_time(day),
                location=rng.choice(self.spec.offices),
                staff_id=self.case_manager_id,
            )

    def add_consents(self, persons: list[tuple[int, MemberPlan]], opened: dt.date) -> None:
        rng, today = self.rng, self.today
        for person_id, member in persons:
            if member.age(today) < 18 or rng.random() >= self.detail.consent_share:
                continue
            choice = rng.random()
            if choice < 0.7:
                recipient, purpose = self.jobcenter, ConsentPurpose.WORK
                categories = [DataCategory.STAMMDATEN, DataCategory.ARBEIT]
                if rng.random() < 0.7:
                    categories.append(DataCategory.AUFENTHALT)
            elif choice < 0.9:
                recipient, purpose = self.immigration_office, ConsentPurpose.RESIDENCE
                categories = [DataCategory.STAMMDATEN, DataCategory.AUFENTHALT]
            else:
                recipient, purpose = self.social_office, ConsentPurpose.BENEFITS
                categories = [DataCategory.STAMMDATEN, DataCategory.WOHNEN]
            given = self.between(opened, min(opened + 30 * DAY, today))
            withdrawn = None
            if rng.random() < 0.05 and (today - given).days > 60:
                withdrawn = self.between(given + 30 * DAY, today)
            self.add(
                m.Consent,
                person_id=person_id,
                purpose=purpose,
                data_categories=[str(c) for c in categories],
                recipient_id=recipient.pk,
                given_on=given,
                withdrawn_on=withdrawn,
            )
            self.add(
                m.TimelineEntry,
                person_id=person_id,
                kind="consent.given",
                summary=_("Consent given to %(recipient)s") % {"recipient": recipient},
                actor_id=self.case_manager_id,
                occurred_at=self.office_time(given),
            )

    def maybe_assign(self, persons: list[tuple[int, MemberPlan]], opened: dt.date) -> None:
        """A few persons are accompanied by the demo volunteer (``ehrenamt-<slug>``)."""
        if self.assignments >= self.detail.assignments or self.rng.random() >= 0.3:
            return
        person_id, member = self.rng.choice(persons)
        self.assignments += 1
        start = self.between(opened, self.today - DAY)
        purpose = (
            "Hausaufgabenhilfe"
            if member.age(self.today) < 18
            else self.rng.choice(texts.ASSIGNMENT_PURPOSES)
        )
        self.add(
            m.PersonAssignment,
            person_id=person_id,
            volunteer_id=self.volunteer.pk,
            purpose=purpose,
            valid_from=start,
            valid_to=None if self.rng.random() < 0.8 else self.today + 90 * DAY,
        )
        self.add(
            m.TimelineEntry,
            person_id=person_id,
            kind="assignment.added",
            summary=_("Volunteer %(name)s assigned") % {"name": self.volunteer},
            actor_id=self.volunteer_coordinator_id,
            occurred_at=self.office_time(start),
        )
