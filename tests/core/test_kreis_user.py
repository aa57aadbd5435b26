"""A Kreis user belongs to several Kommunen, with one role in each."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory


def test_home_lists_every_kommune_of_a_kreis_user(tenant, other_tenant, client):
    user = UserFactory(username="kreis")
    MembershipFactory(user=user, kommune=tenant.kommune, role="koordination")
    MembershipFactory(user=user, kommune=other_tenant.kommune, role="auswertung")
    client.force_login(user)
    response = client.get(reverse("core:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:dashboard", kwargs={"kommune": "paderborn"}) in html
    assert reverse("people:dashboard", kwargs={"kommune": "koenigswinter"}) in html
    assert "Koordination" in html and "Auswertung" in html


def test_each_kommune_works_with_its_own_role(tenant, other_tenant, client):
    user = UserFactory(username="kreis")
    MembershipFactory(user=user, kommune=tenant.kommune, role="koordination")
    MembershipFactory(user=user, kommune=other_tenant.kommune, role="auswertung")
    client.force_login(user)
    for slug in ("paderborn", "koenigswinter"):
        response = client.get(reverse("people:dashboard", kwargs={"kommune": slug}))
        assert response.status_code == 200, slug
        assert response.context["kommune"].slug == slug
    assert client.get(reverse("core:audit_log", kwargs={"kommune": "paderborn"})).status_code == 200
    # Koordination in Paderborn does not make the user Koordination in Königswinter.
    audit_elsewhere = reverse("core:audit_log", kwargs={"kommune": "koenigswinter"})
    assert client.get(audit_elsewhere).status_code == 403


def test_a_user_of_one_kommune_goes_straight_to_its_dashboard(tenant):
    response = tenant.client("fallmanagement").get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:dashboard", kwargs={"kommune": "paderborn"})


def test_a_user_without_kommune_gets_an_explanation(db, client):
    client.force_login(UserFactory(username="lonely"))
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "no role in any Kommune" in response.content.decode()


def test_an_unknown_kommune_is_404_like_a_foreign_one(tenant):
    response = tenant.client("koordination").get(
        reverse("people:dashboard", kwargs={"kommune": "gibtsnicht"})
    )
    assert response.status_code == 404
