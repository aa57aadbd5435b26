"""The client address used for the login lockout, directly and behind a reverse proxy."""

from __future__ import annotations

from django.test import RequestFactory

from vorort.core.client_ip import client_ip


def request(remote: str = "127.0.0.1", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_proxy_the_remote_address_counts(settings):
    settings.VORORT_PROXY_COUNT = 0
    assert client_ip(request("192.0.2.7", forwarded="203.0.113.9")) == "192.0.2.7"


def test_behind_one_proxy_the_last_forwarded_address_counts(settings):
    settings.VORORT_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real address.
    assert client_ip(request(forwarded="10.9.9.9, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_second_from_the_right_counts(settings):
    settings.VORORT_PROXY_COUNT = 2
    assert client_ip(request(forwarded="10.9.9.9, 203.0.113.9, 198.51.100.1")) == "203.0.113.9"


def test_a_missing_or_broken_header_falls_back_to_the_remote_address(settings):
    settings.VORORT_PROXY_COUNT = 1
    assert client_ip(request("192.0.2.7")) == "192.0.2.7"
    assert client_ip(request("192.0.2.7", forwarded="not-an-ip")) == "192.0.2.7"


def test_the_lockout_uses_the_forwarded_address(client, settings, db):
    from django.urls import reverse

    from tests.factories import UserFactory

    settings.VORORT_PROXY_COUNT = 1
    UserFactory(username="erika")
    login = reverse("core:login")
    for _ in range(5):
        client.post(login, {"username": "erika", "password": "x"}, HTTP_X_FORWARDED_FOR="1.2.3.4")
    locked = client.post(
        login, {"username": "erika", "password": "demo"}, HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert locked.status_code == 429
    elsewhere = client.post(
        login, {"username": "erika", "password": "demo"}, HTTP_X_FORWARDED_FOR="5.6.7.8"
    )
    assert elsewhere.status_code == 302
