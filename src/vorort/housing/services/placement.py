"""The placement pipeline: matching runs, proposals, decisions and the steps up to the move-in.

Every function is keyword-only, takes the ``actor`` who acts, runs in one transaction, saves
with the audit history and writes a timeline entry on every current member of the household.
A step out of order is refused with a DomainError that names the current and the needed status.

The reservation guarantee (docs/placement.md): ``accept`` reserves the apartment with one
conditional UPDATE (``status = offered`` → ``reserved``); a second, concurrent acceptance for the
same apartment finds no offered row and is refused. The partial unique constraints on
``Placement`` (one holding placement per apartment and per household) are the second guard.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from vorort.core.errors import DomainError
from vorort.core.models import Kommune, Membership, User
from vorort.core.roles import Role
from vorort.core.services import lock_for_update, save_audited
from vorort.matching import Assignment, Weights, rank_households_for, solve
from vorort.matching import Household as MHousehold
from vorort.people.models import Household, HouseholdMember, Person
from vorort.people.services.persons import address_add
from vorort.people.services.timeline import timeline_record

from ..choices import (
    HOLDING_STATUSES,
    ApartmentStatus,
    PlacementStatus,
)
from ..models import Apartment, FollowUpVisit, HousingNeed, MatchingRun, Placement
from .instance import Built, build_instance, current_members_filter

S = PlacementStatus
#: How many households "who fits this apartment best?" proposes.
RANK_PROPOSALS = 5
#: Roles that may be the case manager of a tandem (paid staff).
CASE_MANAGER_ROLES = (Role.KOORDINATION, Role.FALLMANAGEMENT, Role.WOHNRAUM)


def _day(value: dt.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _today() -> dt.date:
    return timezone.localdate()


# --- helpers -----------------------------------------------------------------------------


def current_members(household: Household, on: dt.date | None = None) -> list[Person]:
    on = on or _today()
    return [
        member.person
        for member in HouseholdMember.objects.filter(household=household)
        .filter(current_members_filter(on))
        .select_related("person")
        .order_by("joined_on", "id")
    ]


def _record(placement: Placement, *, kind: str, summary: str, actor: Any) -> None:
    for person in current_members(placement.household):
        timeline_record(person=person, kind=kind, summary=summary, actor=actor)


def _lock(placement: Placement, expected_version: int | None) -> Placement:
    locked = lock_for_update(Placement, placement.pk, expected_version=expected_version)
    # Keep the related objects the caller loaded (the lock query fetched only the row).
    locked.household = placement.household
    locked.apartment = placement.apartment
    return locked


def _require(placement: Placement, allowed: Collection[str], step: str) -> None:
    if placement.status not in allowed:
        raise DomainError(
            _(
                "%(step)s is not possible now: the placement is “%(status)s”; this step needs "
                "the status %(needed)s."
            )
            % {
                "step": step,
                "status": S(placement.status).label,
                "needed": " / ".join(f"“{S(value).label}”" for value in allowed),
            }
        )


def _not_future(value: dt.date, field: str, label: str) -> None:
    if value > _today():
        raise DomainError(
            _("%(field)s: the date must not be in the future.") % {"field": label}, field=field
        )


def _save(placement: Placement, actor: Any, fields: Iterable[str]) -> None:
    try:
        with transaction.atomic():
            save_audited(placement, actor=actor, update_fields=fields)
    except IntegrityError as error:
        raise DomainError(_("This apartment is already reserved for a household.")) from error


def _apartment_status(apartment: Apartment, status: str, actor: Any) -> None:
    locked = lock_for_update(Apartment, apartment.pk, expected_version=None)
    locked.status = status
    save_audited(locked, actor=actor, update_fields=["status"])
    apartment.status = status
    apartment.version = locked.version


# --- matching runs -----------------------------------------------------------------------


def _own_date_problem(built: Built, household: str, apartment: str) -> str | None:
    """The household's own move-in date, checked on a proposed pair (the matcher keeps it)."""
    flat = built.apartments[apartment]
    wanted = built.dates[household]
    if flat.available_from > wanted:
        return (
            f"Wohnung {flat} erst ab {_day(flat.available_from)} bezugsfertig, "
            f"Einzug gewünscht bis {_day(wanted)}"
        )
    return None


def hard_constraint_problems(household: MHousehold, built: Built, apartment: str) -> list[str]:
    """The hard constraints of issue 3 checked on a proposed pair (empty = fits).

    The matcher guarantees them; this check makes sure nothing that breaks one is ever stored.
    """
    flat = built.apartments[apartment]
    limit = built.limits[household.id]
    problems = []
    if not flat.min_persons <= household.persons <= flat.max_persons:
        problems.append("size")
    if limit.amount is None or flat.rent_for(limit.basis) > limit.amount:
        problems.append("rent")
    if household.needs_accessible and not flat.accessible:
        problems.append("accessible")
    if household.required_municipality and household.required_municipality != flat.municipality:
        problems.append("municipality")
    if household.pets and not flat.pets_allowed:
        problems.append("pets")
    if household.smokers and not flat.smokers_allowed:
        problems.append("smokers")
    if _own_date_problem(built, household.id, apartment):
        problems.append("available")
    return problems


def _supersede(placements: Iterable[Placement], actor: Any) -> int:
    rows = list(placements)
    for placement in rows:
        placement.status = S.SUPERSEDED
        placement.version += 1
    if rows:
        bulk_update_with_history(
            rows, Placement, ["status", "version", "updated_at"], default_user=actor
        )
    return len(rows)


@dataclass
class _Solved:
    assignments: list[Assignment]
    unassigned: list[dict[str, object]]
    optimal: bool
    gap: float
    seconds: float


def _solve(built: Built, weights: Weights | None) -> _Solved:
    """Solve; the matcher knows each household's own move-in date (``move_in_by``), so its
    result is stored as it is (``optimal``, ``gap``).

    Every pair is checked once more against every hard constraint (``hard_constraint_problems``):
    a pair that broke one would be a bug of the matcher; it is not stored, its household is
    listed without a proposal and the run is marked not optimal.
    """
    hh = {h.id: h for h in built.instance.households}
    result = solve(built.instance, weights)
    kept: list[Assignment] = []
    unassigned: dict[str, list[str]] = {u.household: list(u.reasons) for u in result.unassigned}
    for assignment in result.assignments:
        problems = hard_constraint_problems(hh[assignment.household], built, assignment.apartment)
        if problems:
            own = _own_date_problem(built, assignment.household, assignment.apartment)
            unassigned[assignment.household] = [own or f"Verletzt: {', '.join(problems)}"]
        else:
            kept.append(assignment)
    broken = len(kept) < len(result.assignments)
    return _Solved(
        kept,
        [
            {"household": h.id, "reasons": unassigned[h.id]}
            for h in built.instance.households
            if h.id in unassigned
        ],
        result.optimal and not broken,
        result.gap,
        result.solve_seconds,
    )


@transaction.atomic
def run_matching(
    *,
    kommune: Kommune,
    actor: Any,
    apartment: Apartment | None = None,
    weights: Weights | None = None,
) -> MatchingRun:
    """Run the matcher for the whole Kommune, or rank households for one ``apartment``.

    Open proposals of earlier runs of the same scope (Kommune, or this apartment) are
    superseded. The run stores its figures and the households without a proposal with their
    reasons; each proposal becomes a PROPOSED placement (nothing is reserved: a person decides).
    """
    day = _today()
    if apartment is not None:
        apartment = lock_for_update(Apartment, apartment.pk, expected_version=None)
        if apartment.status != ApartmentStatus.OFFERED:
            raise DomainError(
                _("Only an offered apartment can be matched; this one is “%(status)s”.")
                % {"status": ApartmentStatus(apartment.status).label}
            )
    built = build_instance(kommune=kommune, day=day)
    hh = {h.id: h for h in built.instance.households}
    unassigned = list(built.unassigned)
    proposals: list[Assignment] = []
    started = time.perf_counter()
    if apartment is None:
        solved = _solve(built, weights)
        proposals, optimal, gap = solved.assignments, solved.optimal, solved.gap
        seconds = solved.seconds
        unassigned.extend(solved.unassigned)
        persons_housed = sum(hh[a.household].persons for a in proposals)
        scope = Placement.objects.filter(
            status=S.PROPOSED, run__in=MatchingRun.objects.filter(apartment__isnull=True)
        )
    else:
        key = str(apartment.uuid)
        if key not in built.apartments:
            raise DomainError(_("This apartment is already reserved for a household."))
        ranked = rank_households_for(built.instance, key, limit=len(hh) or 1)
        proposals = [
            a for a in ranked if not hard_constraint_problems(hh[a.household], built, key)
        ][:RANK_PROPOSALS]
        seconds = time.perf_counter() - started
        optimal, gap, persons_housed = True, 0.0, 0
        scope = Placement.objects.filter(
            status=S.PROPOSED, run__in=MatchingRun.objects.filter(apartment=apartment)
        )
    _supersede(scope.select_for_update().order_by("pk"), actor)  # id order, as in accept
    run = MatchingRun(
        kommune=kommune,
        started_by=actor,
        apartment=apartment,
        households=len(hh) + len(built.unassigned),
        apartments=len(built.apartments) if apartment is None else 1,
        persons_housed=max(persons_housed, 0),
        optimal=optimal,
        gap=0.0 if math.isnan(gap) else gap,  # unknown: stored as 0, optimal stays False
        solve_seconds=seconds,
        unassigned=unassigned,
    )
    run.full_clean(exclude=["unassigned"])  # an empty list is a valid "nobody left"
    run.save()
    placements = [
        Placement(
            kommune=kommune,
            household=built.households[a.household],
            apartment=built.apartments[a.apartment],
            run=run,
            status=S.PROPOSED,
            reasons=list(a.reasons) or ["erfüllt alle harten Bedingungen"],
            score=float(a.score),
            persons=hh[a.household].persons,
            rent_limit=built.limits[a.household].amount,
        )
        for a in proposals
    ]
    bulk_create_with_history(placements, Placement, default_user=actor)
    return run


# --- decisions ---------------------------------------------------------------------------


def _reserved_message() -> str:
    return _("This apartment has been let or reserved in the meantime.")


@transaction.atomic
def accept(
    *, placement: Placement, actor: Any, reason: str = "", expected_version: int | None = None
) -> Placement:
    """A person accepts a proposal: the apartment is reserved for this household.

    One transaction: the conditional UPDATE of the apartment (offered → reserved) — no row
    means someone else was faster —, the placement becomes ACCEPTED, and the other open
    proposals for this apartment or this household are superseded.
    """
    # Lock order, the same in every acceptance so that two of them cannot deadlock: the
    # apartment row first (by the UPDATE), then — in one statement, by id — this placement
    # and the open proposals it will supersede (same apartment or same household).
    reserved = Apartment.objects.filter(
        pk=placement.apartment_id, status=ApartmentStatus.OFFERED
    ).update(status=ApartmentStatus.RESERVED, version=F("version") + 1, updated_at=timezone.now())
    list(
        Placement.objects.select_for_update()
        .filter(
            Q(pk=placement.pk)
            | Q(status=S.PROPOSED, apartment_id=placement.apartment_id)
            | Q(status=S.PROPOSED, household_id=placement.household_id)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    placement = _lock(placement, expected_version)
    if reserved == 0:
        raise DomainError(_reserved_message(), field="apartment")
    _require(placement, [S.PROPOSED], _("Accepting"))
    apartment = Apartment.objects.get(pk=placement.apartment_id)
    Apartment.history.bulk_history_create([apartment], update=True, default_user=actor)
    placement.apartment = apartment
    placement.status = S.ACCEPTED
    placement.decided_by = actor
    placement.decided_at = timezone.now()
    placement.decision_reason = reason.strip()
    try:
        with transaction.atomic():
            save_audited(
                placement,
                actor=actor,
                update_fields=["status", "decided_by", "decided_at", "decision_reason"],
            )
    except IntegrityError as error:
        raise DomainError(_reserved_message(), field="apartment") from error
    except DomainError as error:
        # full_clean found the partial unique constraint taken (apartment or household).
        raise DomainError(error.message, field="apartment") from error
    _supersede(
        Placement.objects.select_for_update()
        .filter(status=S.PROPOSED)
        .filter(apartment_id=placement.apartment_id)
        .exclude(pk=placement.pk),
        actor,
    )
    _supersede(
        Placement.objects.select_for_update()
        .filter(status=S.PROPOSED, household_id=placement.household_id)
        .exclude(pk=placement.pk),
        actor,
    )
    _record(
        placement,
        kind="placement.accepted",
        summary=_("Apartment %(apartment)s reserved for the household (proposal accepted).")
        % {"apartment": apartment},
        actor=actor,
    )
    return placement


@transaction.atomic
def reject(
    *, placement: Placement, actor: Any, reason: str, expected_version: int | None = None
) -> Placement:
    """A person rejects a proposal, with the reason (required)."""
    if not reason.strip():
        raise DomainError(_("Reason: please say why the proposal is rejected."), field="reason")
    placement = _lock(placement, expected_version)
    _require(placement, [S.PROPOSED], _("Rejecting"))
    placement.status = S.REJECTED
    placement.decided_by = actor
    placement.decided_at = timezone.now()
    placement.decision_reason = reason.strip()
    _save(placement, actor, ["status", "decided_by", "decided_at", "decision_reason"])
    _record(
        placement,
        kind="placement.rejected",
        summary=_("Proposal of apartment %(apartment)s rejected: %(reason)s")
        % {"apartment": placement.apartment, "reason": placement.decision_reason},
        actor=actor,
    )
    return placement


# --- steps -------------------------------------------------------------------------------


@transaction.atomic
def record_viewing(
    *,
    placement: Placement,
    actor: Any,
    at: dt.datetime,
    place: str,
    expected_version: int | None = None,
) -> Placement:
    """Arrange (or move) the viewing appointment with its meeting point."""
    if timezone.is_naive(at):
        raise DomainError(_("Viewing: the time needs a time zone."), field="viewing_at")
    if not place.strip():
        raise DomainError(
            _("Meeting point: please say where the household meets the landlord."),
            field="viewing_place",
        )
    placement = _lock(placement, expected_version)
    _require(placement, [S.ACCEPTED, S.VIEWING], _("Arranging a viewing"))
    placement.status = S.VIEWING
    placement.viewing_at = at
    placement.viewing_place = place.strip()
    _save(placement, actor, ["status", "viewing_at", "viewing_place"])
    local = timezone.localtime(at)
    _record(
        placement,
        kind="placement.viewing",
        summary=_("Viewing of %(apartment)s on %(date)s at %(time)s, meeting point: %(place)s.")
        % {
            "apartment": placement.apartment,
            "date": _day(local.date()),
            "time": local.strftime("%H:%M"),
            "place": placement.viewing_place,
        },
        actor=actor,
    )
    return placement


@transaction.atomic
def landlord_decision(
    *,
    placement: Placement,
    actor: Any,
    accepted: bool,
    on: dt.date,
    reason: str = "",
    expected_version: int | None = None,
) -> Placement:
    """The landlord agrees (→ LANDLORD_ACCEPTED) or refuses (→ CANCELLED, apartment offered)."""
    _not_future(on, "landlord_decided_on", _("Decided on"))
    if not accepted and not reason.strip():
        raise DomainError(_("Reason: please note why the landlord refused."), field="reason")
    placement = _lock(placement, expected_version)
    _require(placement, [S.VIEWING], _("Recording the landlord's decision"))
    if placement.viewing_at and on < timezone.localtime(placement.viewing_at).date():
        raise DomainError(
            _("Decided on: the date must not be before the viewing (%(date)s).")
            % {"date": _day(timezone.localtime(placement.viewing_at).date())},
            field="landlord_decided_on",
        )
    placement.landlord_decided_on = on
    fields = ["status", "landlord_decided_on"]
    if accepted:
        placement.status = S.LANDLORD_ACCEPTED
        summary = _("The landlord of %(apartment)s agreed on %(date)s.")
    else:
        placement.status = S.CANCELLED
        placement.decision_reason = reason.strip()
        fields.append("decision_reason")
        summary = _("The landlord of %(apartment)s refused on %(date)s: %(reason)s")
    _save(placement, actor, fields)
    if not accepted:
        _apartment_status(placement.apartment, ApartmentStatus.OFFERED, actor)
    _record(
        placement,
        kind="placement.landlord",
        summary=summary
        % {"apartment": placement.apartment, "date": _day(on), "reason": reason.strip()},
        actor=actor,
    )
    return placement


@transaction.atomic
def record_certificate(
    *,
    placement: Placement,
    actor: Any,
    on: dt.date,
    office: str,
    expected_version: int | None = None,
) -> Placement:
    """The paying office certified that it takes over the rent (Mietübernahmebescheinigung)."""
    _not_future(on, "certificate_on", _("Certificate on"))
    if not office.strip():
        raise DomainError(
            _("Paying office: please name the office (e.g. Jobcenter)."),
            field="certificate_office",
        )
    placement = _lock(placement, expected_version)
    _require(placement, [S.LANDLORD_ACCEPTED], _("Recording the rent assumption certificate"))
    placement.status = S.CERTIFICATE
    placement.certificate_on = on
    placement.certificate_office = office.strip()
    _save(placement, actor, ["status", "certificate_on", "certificate_office"])
    _record(
        placement,
        kind="placement.certificate",
        summary=_("Rent assumption certified by %(office)s on %(date)s.")
        % {"office": placement.certificate_office, "date": _day(on)},
        actor=actor,
    )
    return placement


@transaction.atomic
def record_contract(
    *,
    placement: Placement,
    actor: Any,
    signed_on: dt.date,
    lease_starts_on: dt.date,
    expected_version: int | None = None,
) -> Placement:
    """The lease was signed; it starts on ``lease_starts_on``."""
    _not_future(signed_on, "contract_signed_on", _("Contract signed on"))
    placement = _lock(placement, expected_version)
    _require(placement, [S.CERTIFICATE], _("Recording the contract"))
    placement.status = S.CONTRACT
    placement.contract_signed_on = signed_on
    placement.lease_starts_on = lease_starts_on
    _save(placement, actor, ["status", "contract_signed_on", "lease_starts_on"])
    _record(
        placement,
        kind="placement.contract",
        summary=_("Lease for %(apartment)s signed on %(signed)s, starting %(start)s.")
        % {
            "apartment": placement.apartment,
            "signed": _day(signed_on),
            "start": _day(lease_starts_on),
        },
        actor=actor,
    )
    return placement


@transaction.atomic
def move_in(
    *, placement: Placement, actor: Any, on: dt.date, expected_version: int | None = None
) -> Placement:
    """The household moved in on ``on``.

    For each current member: the facility occupancies end the night before, an occupancy of
    the apartment and a new current address begin on ``on``. The apartment is let, the
    housing need no longer active, the placement MOVED_IN.
    """
    from . import occupancy  # owned by the housing records; imported late on purpose

    _not_future(on, "moved_in_on", _("Moved in on"))
    placement = _lock(placement, expected_version)
    _require(placement, [S.CONTRACT], _("Recording the move-in"))
    if placement.contract_signed_on and on < placement.contract_signed_on:
        raise DomainError(
            _("Moved in on: the date must not be before the contract was signed (%(date)s).")
            % {"date": _day(placement.contract_signed_on)},
            field="moved_in_on",
        )
    apartment = placement.apartment
    members = current_members(placement.household, on)
    if not members:
        raise DomainError(_("The household has no current members who could move in."))
    last_night = on - dt.timedelta(days=1)
    for person in members:
        occupancy.end_current_occupancies(
            person=person,
            last_night=last_night,
            reason=_("moved into an apartment (placement)"),
            actor=actor,
        )
        occupancy.start_occupancy(person=person, apartment=apartment, valid_from=on, actor=actor)
        address_add(
            person=person,
            actor=actor,
            street=apartment.street,
            postcode=apartment.postcode,
            city=apartment.municipality,
            valid_from=on,
        )
    placement.status = S.MOVED_IN
    placement.moved_in_on = on
    _save(placement, actor, ["status", "moved_in_on"])
    _apartment_status(apartment, ApartmentStatus.LET, actor)
    need = HousingNeed.objects.select_for_update().filter(household=placement.household).first()
    if need is not None and need.active:
        need.active = False
        save_audited(need, actor=actor, update_fields=["active"])
    _record(
        placement,
        kind="placement.moved_in",
        summary=_("Moved into %(apartment)s on %(date)s.")
        % {"apartment": apartment, "date": _day(on)},
        actor=actor,
    )
    return placement


@transaction.atomic
def cancel(
    *, placement: Placement, actor: Any, reason: str, expected_version: int | None = None
) -> Placement:
    """Stop a placement that holds the apartment; the apartment is offered again."""
    if not reason.strip():
        raise DomainError(_("Reason: please say why the placement is cancelled."), field="reason")
    placement = _lock(placement, expected_version)
    _require(placement, HOLDING_STATUSES, _("Cancelling"))
    placement.status = S.CANCELLED
    placement.decision_reason = reason.strip()
    _save(placement, actor, ["status", "decision_reason"])
    _apartment_status(placement.apartment, ApartmentStatus.OFFERED, actor)
    _record(
        placement,
        kind="placement.cancelled",
        summary=_("Placement in %(apartment)s cancelled: %(reason)s")
        % {"apartment": placement.apartment, "reason": placement.decision_reason},
        actor=actor,
    )
    return placement


@transaction.atomic
def add_follow_up(
    *,
    placement: Placement,
    actor: Any,
    visited_on: dt.date,
    note: str,
    landlord_contacted: bool = False,
) -> FollowUpVisit:
    """A visit after the move-in: how the tenancy is going."""
    _not_future(visited_on, "visited_on", _("Visited on"))
    if not note.strip():
        raise DomainError(_("Note: please write down how the visit went."), field="note")
    placement = _lock(placement, None)
    _require(placement, [S.MOVED_IN], _("Recording a follow-up visit"))
    if placement.moved_in_on and visited_on < placement.moved_in_on:
        raise DomainError(
            _("Visited on: the date must not be before the move-in (%(date)s).")
            % {"date": _day(placement.moved_in_on)},
            field="visited_on",
        )
    visit = FollowUpVisit(
        kommune_id=placement.kommune_id,
        placement=placement,
        visited_on=visited_on,
        visited_by=actor,
        note=note.strip(),
        landlord_contacted=landlord_contacted,
    )
    save_audited(visit, actor=actor)
    _record(
        placement,
        kind="placement.follow_up",
        summary=_("Follow-up visit in %(apartment)s on %(date)s.")
        % {"apartment": placement.apartment, "date": _day(visited_on)},
        actor=actor,
    )
    return visit


def _member(kommune_id: int, user: User | None, roles: Collection[str]) -> Membership | None:
    if user is None:
        return None
    return Membership.objects.filter(kommune_id=kommune_id, user=user, role__in=roles).first()


@transaction.atomic
def assign_tandem(
    *,
    placement: Placement,
    actor: Any,
    case_manager: User,
    volunteer: User | None,
    expected_version: int | None = None,
) -> Placement:
    """Name the tandem: a case manager (K/F/W) and a volunteer (Ehrenamt) of the Kommune."""
    if (
        case_manager is None
        or _member(placement.kommune_id, case_manager, CASE_MANAGER_ROLES) is None
    ):
        raise DomainError(
            _(
                "Case manager: please choose a member of this Kommune with the role "
                "Koordination, Fallmanagement or Wohnraum."
            ),
            field="case_manager",
        )
    if volunteer is not None and _member(placement.kommune_id, volunteer, [Role.EHRENAMT]) is None:
        raise DomainError(
            _("Volunteer: please choose a member of this Kommune with the role Ehrenamt."),
            field="volunteer",
        )
    placement = _lock(placement, expected_version)
    if placement.status in (S.REJECTED, S.SUPERSEDED, S.CANCELLED):
        raise DomainError(
            _("Tandem: this placement is “%(status)s”; a tandem can no longer be assigned.")
            % {"status": S(placement.status).label}
        )
    placement.case_manager = case_manager
    placement.volunteer = volunteer
    _save(placement, actor, ["case_manager", "volunteer"])
    _record(
        placement,
        kind="placement.tandem",
        summary=_("Tandem for %(apartment)s: %(manager)s and %(volunteer)s.")
        % {
            "apartment": placement.apartment,
            "manager": case_manager,
            "volunteer": volunteer or _("no volunteer yet"),
        },
        actor=actor,
    )
    return placement
