"""The access log of special-category data: this Kommune only, Koordination only."""

from __future__ import annotations

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vorort.core.models import AccessLog


def url(slug: str = "paderborn") -> str:
    return reverse("core:access_log", kwargs={"kommune": slug})


def opened(tenant, role: str, label: str) -> AccessLog:
    return AccessLog.objects.create(
        kommune=tenant.kommune,
        user=tenant.user(role),
        subject_type="person",
        subject_uuid=uuid.uuid4(),
        subject_label=label,
        category="health",
        path="/k/x/",
    )


def test_it_lists_who_opened_whose_data(tenant, other_tenant):
    opened(tenant, "fallmanagement", "Haddad, Amina")
    response = tenant.client("koordination").get(url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Haddad, Amina" in html
    assert "Fallmanagement Paderborn" in html


def test_it_shows_only_this_kommune(tenant, other_tenant):
    opened(tenant, "fallmanagement", "Haddad, Amina")
    opened(other_tenant, "fallmanagement", "Tesfay, Yonas")
    paderborn = tenant.client("koordination").get(url()).content.decode()
    koenigswinter = other_tenant.client("koordination").get(url("koenigswinter")).content.decode()
    assert "Tesfay" not in paderborn
    assert "Haddad" not in koenigswinter
    assert "Tesfay, Yonas" in koenigswinter


def test_it_is_for_koordination_only(tenant):
    for role in ("fallmanagement", "wohnraum", "ehrenamt", "partner", "auswertung"):
        assert tenant.client(role).get(url()).status_code == 403, role


def test_it_404s_for_another_kommune(tenant, other_tenant):
    opened(tenant, "fallmanagement", "Haddad, Amina")
    assert other_tenant.client("koordination").get(url("paderborn")).status_code == 404


def test_it_needs_a_login(tenant, client):
    response = client.get(url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_its_queries_do_not_grow_with_rows(tenant):
    client = tenant.client("koordination")
    opened(tenant, "fallmanagement", "A")
    with CaptureQueriesContext(connection) as few:
        client.get(url())
    for n in range(40):
        opened(tenant, "koordination" if n % 2 else "wohnraum", f"P{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url())
    assert len(many) == len(few)
