"""The placement pipeline services (housing/services/placement.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from vorort.core.errors import DomainError
from vorort.housing.choices import ApartmentStatus, PlacementStatus
from vorort.housing.models import (
    Apartment,
    FollowUpVisit,
    HousingNeed,
    MatchingRun,
    Occupancy,
    Placement,
)
from vorort.housing.services import placement as svc
from vorort.housing.services.instance import NO_RENT_LIMIT
from vorort.people.models import Address, TimelineEntry

from .. import placement_factories as pf

S = PlacementStatus


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def coordinator(tenant):
    return tenant.user("wohnraum")


def _world(k):
    """A small Kommune: four households and four apartments with every kind of constraint."""
    pf.paderborn_kdu(k)
    mitte = pf.district(k, "Mitte")
    households = {
        "single": pf.household(k, 1, name="Familie Single"),
        "couple_pets": pf.household(k, 2, name="Familie Pets", pets=True),
        "family_acc": pf.household(k, 4, name="Familie Access", needs_accessible=True),
        "elsewhere": pf.household(
            k, 3, name="Familie Elsewhere", required_municipality="Bad Lippspringe"
        ),
    }
    flats = {
        "small": pf.apartment(
            k,
            street="Klein 1",
            max_persons=1,
            rent_net_cold=Decimal("350"),
            service_costs_cold=Decimal("80"),
            district=mitte,
        ),
        "nopets": pf.apartment(
            k,
            street="Ohne Tiere 2",
            max_persons=3,
            pets_allowed=False,
            rent_net_cold=Decimal("400"),
        ),
        "acc": pf.apartment(
            k,
            street="Barrierefrei 3",
            max_persons=5,
            min_persons=3,
            accessible=True,
            rent_net_cold=Decimal("600"),
        ),
        "expensive": pf.apartment(k, street="Teuer 4", max_persons=4, rent_net_cold=Decimal("900")),
    }
    return households, flats


def _assert_hard_constraints(placement: Placement) -> None:
    need = placement.household.housing_need
    flat = placement.apartment
    persons = placement.household.members.filter(left_on__isnull=True).count()
    assert placement.persons == persons
    assert flat.min_persons <= persons <= flat.max_persons
    assert flat.gross_cold_rent <= placement.rent_limit
    assert flat.accessible or not need.needs_accessible
    assert not need.required_municipality or need.required_municipality == flat.municipality
    assert flat.pets_allowed or not need.pets
    assert flat.smokers_allowed or not need.smokers
    assert flat.available_from <= (need.move_in_by or today())


def test_a_matching_run_stores_proposals_that_keep_every_hard_constraint(tenant, coordinator):
    k = tenant.kommune
    households, _flats = _world(k)
    run = svc.run_matching(kommune=k, actor=coordinator)

    proposals = list(run.proposals.select_related("household__housing_need", "apartment"))
    assert proposals, "the matcher found nothing"
    for placement in proposals:
        assert placement.status == S.PROPOSED
        assert placement.reasons
        _assert_hard_constraints(placement)
    pairs = {(p.household.name, p.apartment.street) for p in proposals}
    assert ("Familie Access", "Barrierefrei 3") in pairs
    assert ("Familie Single", "Klein 1") in pairs
    assert len({p.apartment_id for p in proposals}) == len(proposals)
    assert run.households == 4
    assert run.apartments == 4
    assert run.persons_housed == sum(p.persons for p in proposals)
    assert run.optimal is True
    left = {entry["household"] for entry in run.unassigned}
    assert str(households["elsewhere"].uuid) in left  # Wohnsitzauflage Bad Lippspringe
    assert all(entry["reasons"] for entry in run.unassigned)
    # Nothing is reserved by a run: a person decides.
    assert set(Apartment.objects.values_list("status", flat=True)) == {ApartmentStatus.OFFERED}


def test_a_new_run_supersedes_the_open_proposals_of_the_last(tenant, coordinator):
    k = tenant.kommune
    _world(k)
    first = svc.run_matching(kommune=k, actor=coordinator)
    second = svc.run_matching(kommune=k, actor=coordinator)
    assert set(first.proposals.values_list("status", flat=True)) == {S.SUPERSEDED}
    assert set(second.proposals.values_list("status", flat=True)) == {S.PROPOSED}
    assert MatchingRun.objects.count() == 2


def test_who_fits_this_apartment_best_ranks_at_most_five_for_it(tenant, coordinator):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    for i in range(7):
        pf.household(k, 1 + i % 3, name=f"Familie R{i}")
    flat = pf.apartment(k, max_persons=3)
    whole = svc.run_matching(kommune=k, actor=coordinator)
    run = svc.run_matching(kommune=k, actor=coordinator, apartment=flat)
    proposals = list(run.proposals.select_related("household__housing_need", "apartment"))
    assert run.apartment == flat
    assert 1 <= len(proposals) <= 5
    assert {p.apartment_id for p in proposals} == {flat.pk}
    for placement in proposals:
        _assert_hard_constraints(placement)
    assert proposals[0].persons == 3  # most persons first
    # The Kommune run's proposals are another scope: still open.
    assert set(whole.proposals.values_list("status", flat=True)) == {S.PROPOSED}
    again = svc.run_matching(kommune=k, actor=coordinator, apartment=flat)
    assert set(run.proposals.values_list("status", flat=True)) == {S.SUPERSEDED}
    assert again.proposals.count() == len(proposals)


def test_ranking_a_reserved_apartment_is_refused(tenant, coordinator):
    flat = pf.apartment(tenant.kommune, status=ApartmentStatus.RESERVED)
    with pytest.raises(DomainError):
        svc.run_matching(kommune=tenant.kommune, actor=coordinator, apartment=flat)


def test_households_without_a_kdu_table_are_listed_in_the_run(tenant, coordinator):
    family = pf.household(tenant.kommune, 2)
    pf.apartment(tenant.kommune)
    run = svc.run_matching(kommune=tenant.kommune, actor=coordinator)
    assert run.unassigned == [{"household": str(family.uuid), "reasons": [NO_RENT_LIMIT]}]
    assert run.proposals.count() == 0


def test_a_household_wishing_an_earlier_move_in_gets_no_later_apartment(tenant, coordinator):
    k = tenant.kommune
    pf.paderborn_kdu(k)
    soon = pf.household(k, 2, name="Familie Soon", move_in_by=today())
    later = pf.household(k, 2, name="Familie Later", move_in_by=today() + dt.timedelta(days=90))
    flat = pf.apartment(
        k, available_from=today() + dt.timedelta(days=60), rent_net_cold=Decimal("380")
    )
    run = svc.run_matching(kommune=k, actor=coordinator)
    assert [p.household_id for p in run.proposals.all()] == [later.pk]
    # The matcher knows each household's own date: the run is exact, not repaired afterwards.
    assert run.optimal is True
    assert run.gap == 0.0
    (proposal,) = run.proposals.all()
    wanted = (today() + dt.timedelta(days=90)).strftime("%d.%m.%Y")
    ready = flat.available_from.strftime("%d.%m.%Y")
    assert f"bezugsfertig ab {ready} (Einzug gewünscht bis {wanted})" in proposal.reasons
    (left,) = run.unassigned
    assert left["household"] == str(soon.uuid)
    assert left["reasons"] == [
        f"keine passende Wohnung bis {today().strftime('%d.%m.%Y')} bezugsfertig; "
        f"nächste ab {ready}"
    ]
    ranked = svc.run_matching(kommune=k, actor=coordinator, apartment=flat)
    assert [p.household_id for p in ranked.proposals.all()] == [later.pk]


def test_own_dates_are_matched_exactly_and_the_run_is_optimal(tenant, coordinator):
    """An early and a late wish, an apartment now and one later: both housed, each in time."""
    k = tenant.kommune
    pf.paderborn_kdu(k)
    soon = pf.household(k, 2, name="Familie Soon", move_in_by=today())
    later = pf.household(k, 2, name="Familie Later", move_in_by=today() + dt.timedelta(days=90))
    ready = pf.apartment(k, street="Sofort 1", available_from=today(), rent_net_cold=Decimal("380"))
    coming = pf.apartment(
        k,
        street="Später 2",
        available_from=today() + dt.timedelta(days=60),
        rent_net_cold=Decimal("380"),
    )
    run = svc.run_matching(kommune=k, actor=coordinator)
    got = {p.household_id: p.apartment_id for p in run.proposals.all()}
    assert got == {soon.pk: ready.pk, later.pk: coming.pk}
    assert run.persons_housed == 4
    assert (run.optimal, run.gap) == (True, 0.0)
    assert run.unassigned == []


def test_a_pair_breaking_a_hard_constraint_is_never_stored(tenant, coordinator, monkeypatch):
    """The last guard: were the matcher ever wrong, the pair is dropped and the run not optimal."""
    from vorort.matching import Assignment, Result

    k = tenant.kommune
    pf.paderborn_kdu(k)
    soon = pf.household(k, 2, name="Familie Soon", move_in_by=today())
    flat = pf.apartment(k, available_from=today() + dt.timedelta(days=60))

    def wrong(instance, weights=None):  # type: ignore[no-untyped-def]
        return Result(
            [Assignment(str(soon.uuid), str(flat.uuid), ["falsch"])], [], 2, True, 0.0, 0.01
        )

    monkeypatch.setattr(svc, "solve", wrong)
    run = svc.run_matching(kommune=k, actor=coordinator)
    assert run.proposals.count() == 0
    assert run.optimal is False
    (left,) = run.unassigned
    assert left["household"] == str(soon.uuid)
    assert "Einzug gewünscht bis" in left["reasons"][0]


# --- accept / reject ---------------------------------------------------------------------


def test_accepting_reserves_the_apartment_and_supersedes_competing_proposals(tenant, coordinator):
    k = tenant.kommune
    a, b = pf.household(k, 2, name="Familie A"), pf.household(k, 2, name="Familie B")
    flat, other = pf.apartment(k), pf.apartment(k, street="Andere 1")
    chosen = pf.proposal(a, flat, started_by=coordinator)
    same_flat = pf.proposal(b, flat, started_by=coordinator)
    same_household = pf.proposal(a, other, started_by=coordinator)
    version = flat.version

    svc.accept(placement=chosen, actor=coordinator, reason="passt gut")

    chosen.refresh_from_db()
    flat.refresh_from_db()
    assert chosen.status == S.ACCEPTED
    assert chosen.decided_by == coordinator
    assert chosen.decided_at is not None
    assert chosen.decision_reason == "passt gut"
    assert flat.status == ApartmentStatus.RESERVED
    assert flat.version == version + 1
    assert flat.history.first().status == ApartmentStatus.RESERVED
    same_flat.refresh_from_db()
    same_household.refresh_from_db()
    assert same_flat.status == S.SUPERSEDED
    assert same_household.status == S.SUPERSEDED
    entries = TimelineEntry.objects.filter(kind="placement.accepted")
    assert {e.person for e in entries} == set(pf.members(a))


def test_a_second_acceptance_for_the_same_apartment_is_refused(tenant, coordinator):
    k = tenant.kommune
    a, b = pf.household(k, 2, name="Familie A"), pf.household(k, 2, name="Familie B")
    flat = pf.apartment(k)
    first = pf.proposal(a, flat, started_by=coordinator)
    second = pf.proposal(b, flat, started_by=coordinator)
    svc.accept(placement=first, actor=coordinator)
    # The second proposal was superseded; even forced back to PROPOSED it cannot win.
    Placement.objects.filter(pk=second.pk).update(status=S.PROPOSED)
    second.refresh_from_db()
    with pytest.raises(DomainError) as error:
        svc.accept(placement=second, actor=coordinator)
    assert error.value.message == _("This apartment has been let or reserved in the meantime.")
    second.refresh_from_db()
    assert second.status == S.PROPOSED
    assert Placement.objects.filter(apartment=flat, status=S.ACCEPTED).count() == 1


def test_the_unique_constraint_is_the_second_guard(tenant, coordinator):
    """An apartment that says 'offered' while a placement holds it still cannot be taken twice."""
    k = tenant.kommune
    a, b = pf.household(k, 2, name="Familie A"), pf.household(k, 2, name="Familie B")
    flat = pf.apartment(k)
    pf.proposal(a, flat, started_by=coordinator, status=S.VIEWING)
    second = pf.proposal(b, flat, started_by=coordinator)
    with pytest.raises(DomainError):
        svc.accept(placement=second, actor=coordinator)
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.OFFERED  # rolled back
    assert Placement.objects.filter(apartment=flat, status__in=svc.HOLDING_STATUSES).count() == 1


def test_rejecting_needs_a_reason(tenant, coordinator):
    placement = pf.proposal(
        pf.household(tenant.kommune), pf.apartment(tenant.kommune), started_by=coordinator
    )
    with pytest.raises(DomainError) as error:
        svc.reject(placement=placement, actor=coordinator, reason="  ")
    assert error.value.field == "reason"
    svc.reject(placement=placement, actor=coordinator, reason="zu weit von der Schule")
    placement.refresh_from_db()
    assert placement.status == S.REJECTED
    assert placement.decision_reason == "zu weit von der Schule"
    with pytest.raises(DomainError) as refused:
        svc.accept(placement=placement, actor=coordinator)
    assert str(S.REJECTED.label) in refused.value.message


def test_a_stale_version_is_refused(tenant, coordinator):
    placement = pf.proposal(
        pf.household(tenant.kommune), pf.apartment(tenant.kommune), started_by=coordinator
    )
    with pytest.raises(DomainError):
        svc.accept(placement=placement, actor=coordinator, expected_version=placement.version + 5)
    placement.refresh_from_db()
    assert placement.status == S.PROPOSED


# --- the steps ---------------------------------------------------------------------------


def _accepted(tenant, coordinator, persons=2):
    family = pf.household(tenant.kommune, persons)
    flat = pf.apartment(tenant.kommune)
    placement = pf.proposal(family, flat, started_by=coordinator)
    return svc.accept(placement=placement, actor=coordinator)


def test_the_whole_pipeline_up_to_the_move_in_and_a_follow_up(tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    family = placement.household
    occupancies = pf.live_in_facility(family)
    on = today()
    at = timezone.make_aware(dt.datetime.combine(on - dt.timedelta(days=20), dt.time(10, 30)))
    svc.record_viewing(placement=placement, actor=coordinator, at=at, place="vor dem Haus")
    svc.landlord_decision(
        placement=placement, actor=coordinator, accepted=True, on=on - dt.timedelta(days=18)
    )
    svc.record_certificate(
        placement=placement,
        actor=coordinator,
        on=on - dt.timedelta(days=15),
        office="Jobcenter Paderborn",
    )
    svc.record_contract(
        placement=placement,
        actor=coordinator,
        signed_on=on - dt.timedelta(days=10),
        lease_starts_on=on,
    )
    svc.move_in(placement=placement, actor=tenant.user("fallmanagement"), on=on)

    placement.refresh_from_db()
    assert placement.status == S.MOVED_IN
    assert placement.moved_in_on == on
    assert placement.viewing_place == "vor dem Haus"
    assert placement.certificate_office == "Jobcenter Paderborn"
    flat = placement.apartment
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.LET
    assert HousingNeed.objects.get(household=family).active is False
    for old in occupancies:
        old.refresh_from_db()
        assert old.valid_to == on - dt.timedelta(days=1)
    for person in pf.members(family):
        new = Occupancy.objects.get(person=person, apartment=flat)
        assert new.valid_from == on and new.valid_to is None
        address = Address.objects.get(person=person, valid_to__isnull=True)
        assert (address.street, address.postcode, address.city) == (
            flat.street,
            flat.postcode,
            flat.municipality,
        )
        assert address.valid_from == on
        kinds = set(TimelineEntry.objects.filter(person=person).values_list("kind", flat=True))
        assert {
            "placement.accepted",
            "placement.viewing",
            "placement.landlord",
            "placement.certificate",
            "placement.contract",
            "placement.moved_in",
        } <= kinds

    visit = svc.add_follow_up(
        placement=placement,
        actor=coordinator,
        visited_on=on,
        note="alles gut",
        landlord_contacted=True,
    )
    assert FollowUpVisit.objects.get() == visit
    assert visit.visited_by == coordinator


def test_steps_out_of_order_are_refused_with_the_status(tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    with pytest.raises(DomainError) as error:
        svc.record_certificate(
            placement=placement, actor=coordinator, on=today(), office="Jobcenter"
        )
    assert str(S.ACCEPTED.label) in error.value.message  # the catalogue may be German
    assert str(S.LANDLORD_ACCEPTED.label) in error.value.message
    with pytest.raises(DomainError):
        svc.move_in(placement=placement, actor=coordinator, on=today())
    with pytest.raises(DomainError):
        svc.add_follow_up(placement=placement, actor=coordinator, visited_on=today(), note="x")
    with pytest.raises(DomainError):
        svc.landlord_decision(placement=placement, actor=coordinator, accepted=True, on=today())
    placement.refresh_from_db()
    assert placement.status == S.ACCEPTED


def test_bad_step_input_names_the_field(tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    at = timezone.now()
    with pytest.raises(DomainError) as error:
        svc.record_viewing(placement=placement, actor=coordinator, at=at, place=" ")
    assert error.value.field == "viewing_place"
    svc.record_viewing(placement=placement, actor=coordinator, at=at, place="Haustür")
    with pytest.raises(DomainError) as error:
        svc.landlord_decision(
            placement=placement, actor=coordinator, accepted=True, on=today() + dt.timedelta(days=1)
        )
    assert error.value.field == "landlord_decided_on"
    with pytest.raises(DomainError) as error:
        svc.landlord_decision(placement=placement, actor=coordinator, accepted=False, on=today())
    assert error.value.field == "reason"


def test_a_refusing_landlord_cancels_and_offers_the_apartment_again(tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    svc.record_viewing(placement=placement, actor=coordinator, at=timezone.now(), place="Haustür")
    svc.landlord_decision(
        placement=placement, actor=coordinator, accepted=False, on=today(), reason="möchte ein Paar"
    )
    placement.refresh_from_db()
    placement.apartment.refresh_from_db()
    assert placement.status == S.CANCELLED
    assert placement.decision_reason == "möchte ein Paar"
    assert placement.apartment.status == ApartmentStatus.OFFERED


def test_cancelling_offers_the_apartment_again(tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    with pytest.raises(DomainError):
        svc.cancel(placement=placement, actor=coordinator, reason="")
    svc.cancel(placement=placement, actor=coordinator, reason="Familie zieht weg")
    placement.refresh_from_db()
    placement.apartment.refresh_from_db()
    assert placement.status == S.CANCELLED
    assert placement.apartment.status == ApartmentStatus.OFFERED
    with pytest.raises(DomainError):
        svc.cancel(placement=placement, actor=coordinator, reason="nochmal")


def test_a_tandem_needs_staff_and_a_volunteer_of_the_kommune(tenant, other_tenant, coordinator):
    placement = _accepted(tenant, coordinator)
    with pytest.raises(DomainError) as error:
        svc.assign_tandem(
            placement=placement,
            actor=coordinator,
            case_manager=tenant.user("ehrenamt"),
            volunteer=None,
        )
    assert error.value.field == "case_manager"
    with pytest.raises(DomainError) as error:
        svc.assign_tandem(
            placement=placement,
            actor=coordinator,
            case_manager=other_tenant.user("fallmanagement"),
            volunteer=None,
        )
    assert error.value.field == "case_manager"
    with pytest.raises(DomainError) as error:
        svc.assign_tandem(
            placement=placement,
            actor=coordinator,
            case_manager=tenant.user("fallmanagement"),
            volunteer=tenant.user("ehrenamtskoordination"),
        )
    assert error.value.field == "volunteer"
    with pytest.raises(DomainError) as error:
        svc.assign_tandem(
            placement=placement,
            actor=coordinator,
            case_manager=tenant.user("fallmanagement"),
            volunteer=other_tenant.user("ehrenamt"),
        )
    assert error.value.field == "volunteer"
    svc.assign_tandem(
        placement=placement,
        actor=coordinator,
        case_manager=tenant.user("fallmanagement"),
        volunteer=tenant.user("ehrenamt"),
    )
    placement.refresh_from_db()
    assert placement.case_manager == tenant.user("fallmanagement")
    assert placement.volunteer == tenant.user("ehrenamt")
    assert TimelineEntry.objects.filter(kind="placement.tandem").count() == 2


def test_a_run_without_households_or_apartments_stores_an_empty_run(tenant, coordinator):
    run = svc.run_matching(kommune=tenant.kommune, actor=coordinator)
    assert (run.households, run.apartments, run.persons_housed) == (0, 0, 0)
    assert run.proposals.count() == 0
    flat = pf.apartment(tenant.kommune)
    ranked = svc.run_matching(kommune=tenant.kommune, actor=coordinator, apartment=flat)
    assert ranked.proposals.count() == 0


def test_proposals_of_a_mixed_kommune_never_break_a_hard_constraint(tenant, coordinator):
    """A seeded random Kommune: every stored proposal keeps every hard constraint."""
    import random

    rng = random.Random(20261125)
    k = tenant.kommune
    pf.paderborn_kdu(k)
    districts = [pf.district(k, name) for name in ("Mitte", "Elsen", "Sande")]
    for i in range(30):
        pf.household(
            k,
            rng.randint(1, 6),
            name=f"Familie Z{i}",
            needs_accessible=rng.random() < 0.2,
            pets=rng.random() < 0.3,
            smokers=rng.random() < 0.3,
            required_municipality=rng.choice(["", "", "Paderborn", "Bad Lippspringe"]),
            priority=(p := rng.randint(0, 3)),
            priority_reason="Notunterkunft" if p else "",
            move_in_by=rng.choice([None, today() + dt.timedelta(days=rng.randint(0, 90))]),
            preferred_districts=rng.sample(districts, rng.randint(0, 2)),
        )
    for i in range(25):
        low = rng.randint(1, 3)
        pf.apartment(
            k,
            street=f"Zufallsweg {i}",
            municipality=rng.choice(["Paderborn", "Paderborn", "Bad Lippspringe"]),
            district=rng.choice([None, *districts]),
            min_persons=low,
            max_persons=rng.randint(low, 6),
            rent_net_cold=Decimal(rng.randint(250, 800)),
            service_costs_cold=Decimal(rng.randint(50, 150)),
            accessible=rng.random() < 0.3,
            pets_allowed=rng.random() < 0.5,
            smokers_allowed=rng.random() < 0.5,
            available_from=today() + dt.timedelta(days=rng.randint(-30, 120)),
        )
    run = svc.run_matching(kommune=k, actor=coordinator)
    assert (run.optimal, run.gap) == (True, 0.0)
    proposals = list(run.proposals.select_related("household__housing_need", "apartment"))
    assert len(proposals) >= 5
    for placement in proposals:
        _assert_hard_constraints(placement)
    assert len({p.apartment_id for p in proposals}) == len(proposals)
    assert len({p.household_id for p in proposals}) == len(proposals)
    placed = {str(p.household.uuid) for p in proposals}
    left = {entry["household"] for entry in run.unassigned}
    assert not placed & left
    assert len(placed | left) == 30
