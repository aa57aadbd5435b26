from __future__ import annotations

from django.urls import reverse


def test_login_page_is_german(client, db):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()


def test_dashboard_404s_for_other_kommune(tenant, other_tenant):
    client = other_tenant.client("koordination")
    response = client.get(reverse("people:dashboard", kwargs={"kommune": "paderborn"}))
    assert response.status_code == 404


def test_dashboard_opens_for_own_kommune(tenant):
    response = tenant.client("fallmanagement").get(
        reverse("people:dashboard", kwargs={"kommune": "paderborn"})
    )
    assert response.status_code == 200
