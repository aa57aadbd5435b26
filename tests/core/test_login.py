"""Login: German page, clear message on a wrong password, django-axes lockout per user+IP."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

LOGIN = reverse("core:login")


def attempt(client: Client, username: str, password: str) -> object:
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture
def erika(db):
    return UserFactory(username="erika")  # password "demo"


def test_a_wrong_password_gets_a_clear_message(client, erika):
    response = attempt(client, "erika", "falsch")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Username or password is wrong" in html
    assert "5 failed attempts" in html
    assert SESSION_KEY not in client.session


def test_the_right_password_logs_in(client, erika):
    response = attempt(client, "erika", "demo")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(erika.pk)


def test_the_sixth_attempt_is_locked_out_even_with_the_right_password(client, erika, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert attempt(client, "erika", "falsch").status_code == 400
    fifth = attempt(client, "erika", "falsch")
    assert fifth.status_code == 429
    sixth = attempt(client, "erika", "demo")
    assert sixth.status_code == 429
    assert "Too many failed logins" in sixth.content.decode()
    assert SESSION_KEY not in client.session


def test_the_lockout_is_per_username_and_address(client, erika, settings):
    other = UserFactory(username="omar")
    for _ in range(5):
        attempt(client, "erika", "falsch")
    assert attempt(client, "erika", "demo").status_code == 429
    # The same user from another address, and another user from this address, still get in.
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert attempt(elsewhere, "erika", "demo").status_code == 302
    assert attempt(Client(), other.username, "demo").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, erika):
    for _ in range(4):
        attempt(client, "erika", "falsch")
    assert attempt(client, "erika", "demo").status_code == 302
    client.post(reverse("core:logout"))
    for _ in range(4):
        assert attempt(client, "erika", "falsch").status_code == 400
    assert attempt(client, "erika", "demo").status_code == 302


def test_the_lockout_can_be_lifted_on_the_command_line(client, erika):
    from django.core.management import call_command

    for _ in range(5):
        attempt(client, "erika", "falsch")
    assert attempt(client, "erika", "demo").status_code == 429
    call_command("axes_reset_username", "erika")
    assert attempt(client, "erika", "demo").status_code == 302


def test_the_login_does_not_redirect_to_another_site(client, erika):
    response = client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": "erika", "password": "demo"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
