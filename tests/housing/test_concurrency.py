"""Never two households in one apartment, also under concurrent requests (issue 3).

The concurrent test needs PostgreSQL: two threads, each with its own database connection,
accept two different proposals for the same apartment at the same moment.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from vorort.core.errors import DomainError
from vorort.housing.choices import HOLDING_STATUSES, ApartmentStatus, PlacementStatus
from vorort.housing.models import Apartment, Placement
from vorort.housing.services import placement as svc

from .. import placement_factories as pf

pytestmark = pytest.mark.django_db(transaction=True)


def _two_proposals(tenant: Any) -> tuple[Apartment, Placement, Placement]:
    k = tenant.kommune
    flat = pf.apartment(k)
    actor = tenant.user("wohnraum")
    first = pf.proposal(pf.household(k, 2, name="Familie Eins"), flat, started_by=actor)
    second = pf.proposal(pf.household(k, 3, name="Familie Zwei"), flat, started_by=actor)
    return flat, first, second


def _holding(flat: Apartment) -> int:
    return Placement.objects.filter(
        apartment=flat, status__in=[s.value for s in HOLDING_STATUSES]
    ).count()


def test_sequential_acceptances_reserve_once(tenant):
    flat, first, second = _two_proposals(tenant)
    svc.accept(placement=first, actor=tenant.user("wohnraum"))
    # The competing proposal was superseded: accepting it is refused.
    with pytest.raises(DomainError):
        svc.accept(placement=second, actor=tenant.user("koordination"))
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.RESERVED
    assert _holding(flat) == 1


POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database for a writer, so requests cannot overlap; "
    "run with VORORT_DATABASE_URL=postgres://… to test real concurrency",
)


def _accept_at_once(tenant: Any, *placements: Placement) -> list[str]:
    """Accept ``placements`` in parallel threads (own connections) released by a barrier."""
    barrier = threading.Barrier(len(placements), timeout=20)
    outcomes: list[str] = [""] * len(placements)
    roles = ["wohnraum", "koordination"]

    def accept(index: int, placement: Placement) -> None:
        try:
            with scopes_disabled():
                actor = tenant.user(roles[index % 2])
                barrier.wait()
                try:
                    svc.accept(placement=placement, actor=actor)
                except DomainError as error:
                    outcomes[index] = f"refused: {error.message}"
                else:
                    outcomes[index] = "accepted"
        except Exception as error:  # any crash (a deadlock) is reported by the assertions
            outcomes[index] = f"crashed: {error!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(i, p)) for i, p in enumerate(placements)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@POSTGRES_ONLY
def test_concurrent_acceptances_for_one_apartment_let_exactly_one_win(tenant):
    flat, first, second = _two_proposals(tenant)
    outcomes = _accept_at_once(tenant, first, second)
    assert sorted(outcomes)[0] == "accepted", outcomes
    assert outcomes.count("accepted") == 1, outcomes
    refused = [o for o in outcomes if o.startswith("refused")]
    assert len(refused) == 1, outcomes
    assert "reserved" in refused[0] or "reserviert" in refused[0]
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.RESERVED
    assert _holding(flat) == 1
    statuses = sorted(Placement.objects.filter(apartment=flat).values_list("status", flat=True))
    assert statuses == sorted([PlacementStatus.ACCEPTED, PlacementStatus.SUPERSEDED])


@POSTGRES_ONLY
def test_concurrent_acceptances_for_one_household_let_exactly_one_win(tenant):
    k = tenant.kommune
    family = pf.household(k, 2, name="Familie Eins")
    one, two = pf.apartment(k, street="Eins 1"), pf.apartment(k, street="Zwei 2")
    actor = tenant.user("wohnraum")
    first = pf.proposal(family, one, started_by=actor)
    second = pf.proposal(family, two, started_by=actor)
    outcomes = _accept_at_once(tenant, first, second)
    assert outcomes.count("accepted") == 1, outcomes
    assert len([o for o in outcomes if o.startswith("refused")]) == 1, outcomes
    holding = Placement.objects.filter(
        household=family, status__in=[s.value for s in HOLDING_STATUSES]
    )
    assert holding.count() == 1
    offered = Apartment.objects.filter(pk__in=[one.pk, two.pk], status=ApartmentStatus.OFFERED)
    assert offered.count() == 1  # the loser's reservation was rolled back


@POSTGRES_ONLY
def test_crossing_acceptances_do_not_deadlock(tenant):
    """A takes apartment 1 for X while B takes apartment 2 for Y; X was also proposed for 2
    and Y for 1: both succeed, the crossing proposals are superseded."""
    k = tenant.kommune
    x, y = pf.household(k, 2, name="Familie X"), pf.household(k, 2, name="Familie Y")
    one, two = pf.apartment(k, street="Eins 1"), pf.apartment(k, street="Zwei 2")
    actor = tenant.user("wohnraum")
    first = pf.proposal(x, one, started_by=actor)
    crossing_x = pf.proposal(x, two, started_by=actor)
    crossing_y = pf.proposal(y, one, started_by=actor)
    second = pf.proposal(y, two, started_by=actor)
    for _round in range(3):
        outcomes = _accept_at_once(tenant, first, second)
        assert outcomes == ["accepted", "accepted"], outcomes
        for placement in (crossing_x, crossing_y):
            placement.refresh_from_db()
            assert placement.status == PlacementStatus.SUPERSEDED
        # Back to the start for the next round.
        Placement.objects.filter(pk__in=[first.pk, second.pk, crossing_x.pk, crossing_y.pk]).update(
            status=PlacementStatus.PROPOSED
        )
        Apartment.objects.filter(pk__in=[one.pk, two.pk]).update(status=ApartmentStatus.OFFERED)
