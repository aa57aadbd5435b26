"""German is the default language of every page and message; English only by choice."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from vorort.core.ags import validate_ags


def test_the_login_page_is_german(client, db):
    html = client.get(reverse("core:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    html = html.decode()
    assert 'lang="de"' in html
    assert "Benutzername" in html and "Passwort" in html and "Anmelden" in html


def test_a_wrong_password_is_explained_in_german(client, tenant):
    response = client.post(
        reverse("core:login"), {"username": "fallmanagement-paderborn", "password": "falsch"}
    )
    assert response.status_code == 400
    assert "Benutzername oder Passwort ist falsch" in response.content.decode()


def test_the_dashboard_is_german_and_english_on_request(tenant):
    client = tenant.client("fallmanagement")
    url = reverse("people:dashboard", kwargs={"kommune": "paderborn"})
    assert "Meine fälligen Aufgaben" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "My tasks due" in client.get(url).content.decode()


def test_an_unknown_ags_is_refused_in_german(db):
    with translation.override("de"):
        with pytest.raises(ValidationError) as error:
            validate_ags("17000000")
        assert "Unbekannter AGS" in " ".join(error.value.messages)


def test_a_person_form_error_names_the_field_in_german(tenant):
    client = tenant.client("fallmanagement")
    response = client.post(
        reverse("people:person_create", kwargs={"kommune": "paderborn"}),
        {"first_name": "", "last_name": "Haddad", "birth_date": "2999-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vorname" in html
    assert "Zukunft" in html
