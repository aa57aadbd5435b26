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


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database for a writer, so requests cannot overlap; "
    "run with VORORT_DATABASE_URL=postgres://… to test real concurrency",
)
def test_concurrent_acceptances_for_one_apartment_let_exactly_one_win(tenant):
    flat, first, second = _two_proposals(tenant)
    barrier = threading.Barrier(2, timeout=20)
    outcomes: dict[str, str] = {}

    def accept(name: str, placement: Placement, role: str) -> None:
        try:
            with scopes_disabled():
                actor = tenant.user(role)
                barrier.wait()
                try:
                    svc.accept(placement=placement, actor=actor)
                except DomainError as error:
                    outcomes[name] = f"refused: {error.message}"
                else:
                    outcomes[name] = "accepted"
        except Exception as error:  # any crash is reported by the assertions below
            outcomes[name] = f"crashed: {error!r}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=("first", first, "wohnraum")),
        threading.Thread(target=accept, args=("second", second, "koordination")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    results = sorted(outcomes.values())
    assert results.count("accepted") == 1, outcomes
    refused = [o for o in results if o.startswith("refused")]
    assert len(refused) == 1, outcomes
    assert "reserved" in refused[0] or "reserviert" in refused[0]
    flat.refresh_from_db()
    assert flat.status == ApartmentStatus.RESERVED
    assert _holding(flat) == 1
    statuses = sorted(Placement.objects.filter(apartment=flat).values_list("status", flat=True))
    assert statuses == sorted([PlacementStatus.ACCEPTED, PlacementStatus.SUPERSEDED])
