"""The members page: the users of this Kommune, for Koordination only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory

from .helpers import confirmed_device


def url(slug: str = "paderborn") -> str:
    return reverse("core:members", kwargs={"kommune": slug})


def test_it_lists_the_users_of_this_kommune_with_role_and_2fa(tenant, other_tenant):
    confirmed_device(tenant.user("wohnraum"))
    response = tenant.client("koordination").get(url())
    html = response.content.decode()
    assert response.status_code == 200
    for role in ("koordination", "fallmanagement", "wohnraum", "partner"):
        assert f"{role}-paderborn" in html
    assert "Jobcenter Paderborn" in html
    assert "koenigswinter" not in html
    assert html.count("Reset second factor of") == 1  # only the user with a device


def test_it_is_for_koordination_only(tenant):
    for role in ("fallmanagement", "wohnraum", "ehrenamtskoordination", "ehrenamt", "partner"):
        assert tenant.client(role).get(url()).status_code == 403, role


def test_it_404s_for_another_kommune(tenant, other_tenant):
    assert other_tenant.client("koordination").get(url("paderborn")).status_code == 404


def test_its_queries_do_not_grow_with_users(tenant):
    client = tenant.client("koordination")
    with CaptureQueriesContext(connection) as few:
        client.get(url())
    for _ in range(30):
        MembershipFactory(user=UserFactory(), kommune=tenant.kommune, role="ehrenamt")
    with CaptureQueriesContext(connection) as many:
        client.get(url())
    assert len(many) == len(few)
