"""Two-factor authentication: who is forced, setup, verification, resets."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import MembershipFactory

from .helpers import confirmed_device, current_code, verified_client

SETUP = reverse("core:otp_setup")
VERIFY = reverse("core:otp_verify")


def dashboard(slug: str = "paderborn") -> str:
    return reverse("people:dashboard", kwargs={"kommune": slug})


@pytest.fixture
def production(settings):
    settings.DEMO_MODE = False
    return settings


@pytest.mark.parametrize(
    "role", ["koordination", "fallmanagement", "wohnraum", "ehrenamtskoordination", "partner"]
)
def test_a_staff_user_without_device_is_sent_to_setup(tenant, production, role):
    response = tenant.client(role).get(dashboard())
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fk%2Fpaderborn%2F"


def test_every_kommune_page_asks_for_the_second_factor(tenant, production):
    client = tenant.client("koordination")
    for url in (
        dashboard(),
        reverse("core:audit_log", kwargs={"kommune": "paderborn"}),
        reverse("core:members", kwargs={"kommune": "paderborn"}),
        reverse("core:home"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(SETUP), url


def test_a_staff_user_with_device_is_sent_to_verify(tenant, production):
    confirmed_device(tenant.user("fallmanagement"))
    response = tenant.client("fallmanagement").get(dashboard())
    assert response.status_code == 302
    assert response["Location"].startswith(f"{VERIFY}?next=")


def test_demo_mode_asks_for_no_second_factor(tenant, settings):
    settings.DEMO_MODE = True
    confirmed_device(tenant.user("fallmanagement"))
    assert tenant.client("koordination").get(dashboard()).status_code == 200
    assert tenant.client("fallmanagement").get(dashboard()).status_code == 200


def test_a_volunteer_is_not_forced(tenant, production):
    assert tenant.client("ehrenamt").get(dashboard()).status_code == 200


def test_a_volunteer_who_set_up_a_device_must_use_it(tenant, production):
    confirmed_device(tenant.user("ehrenamt"))
    response = tenant.client("ehrenamt").get(dashboard())
    assert response["Location"].startswith(VERIFY)


def test_a_volunteer_who_is_staff_in_another_kommune_is_forced(tenant, other_tenant, production):
    volunteer = tenant.user("ehrenamt")
    MembershipFactory(user=volunteer, kommune=other_tenant.kommune, role="wohnraum")
    response = tenant.client("ehrenamt").get(dashboard())
    assert response["Location"].startswith(SETUP)


def test_the_setup_page_shows_secret_and_qr_code(tenant, production):
    client = tenant.client("koordination")
    response = client.get(SETUP)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=tenant.user("koordination"))
    assert response.status_code == 200
    assert not device.confirmed
    assert "<svg" in html
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in html
    assert "no-store" in response["Cache-Control"]
    # Reloading shows the same unconfirmed device, not a new one.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=tenant.user("koordination")).count() == 1


def test_a_correct_first_code_confirms_the_device_and_lets_in(tenant, production):
    client = tenant.client("koordination")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=tenant.user("koordination"))
    response = client.post(f"{SETUP}?next=/k/paderborn/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/k/paderborn/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(dashboard()).status_code == 200


def test_a_wrong_first_code_is_refused(tenant, production):
    client = tenant.client("koordination")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=tenant.user("koordination"))
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    response = client.post(SETUP, {"token": wrong})
    assert response.status_code == 400
    assert "the code is wrong or expired" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(dashboard())["Location"].startswith(SETUP)


def test_a_code_that_is_not_six_digits_is_refused(tenant, production):
    client = tenant.client("koordination")
    response = client.post(SETUP, {"token": "12a456"})
    assert response.status_code == 400
    assert "The code consists of 6 digits." in response.content.decode()


def test_no_secret_is_shown_once_a_device_is_confirmed(tenant, production):
    """Knowing the password alone must not let anyone add a second device."""
    device = confirmed_device(tenant.user("koordination"))
    client = tenant.client("koordination")
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(SETUP, {"token": current_code(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=tenant.user("koordination")).count() == 1
    verify_page = client.get(VERIFY).content.decode()
    assert "<svg" not in verify_page
    assert b"secret" not in client.get(VERIFY).content.lower()


def test_a_correct_code_lets_a_user_with_device_in(tenant, production):
    device = confirmed_device(tenant.user("fallmanagement"))
    client = tenant.client("fallmanagement")
    response = client.post(f"{VERIFY}?next=/k/paderborn/", {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/k/paderborn/"
    assert client.get(dashboard()).status_code == 200


def test_a_wrong_code_gives_a_message(tenant, production):
    device = confirmed_device(tenant.user("fallmanagement"))
    client = tenant.client("fallmanagement")
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 400
    assert "the code is wrong or expired" in response.content.decode()
    assert client.get(dashboard())["Location"].startswith(VERIFY)


def test_repeated_wrong_codes_are_throttled(tenant, production):
    device = confirmed_device(tenant.user("fallmanagement"))
    client = tenant.client("fallmanagement")
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": current_code(device)})
    assert response.status_code == 400
    assert "too many wrong codes" in response.content.decode()


def test_a_used_code_cannot_be_replayed(tenant, production):
    device = confirmed_device(tenant.user("fallmanagement"))
    code = current_code(device)
    first = tenant.client("fallmanagement")
    assert first.post(VERIFY, {"token": code}).status_code == 302
    second = tenant.client("fallmanagement")
    assert second.post(VERIFY, {"token": code}).status_code == 400


def test_verify_does_not_redirect_to_another_site(tenant, production):
    device = confirmed_device(tenant.user("fallmanagement"))
    client = tenant.client("fallmanagement")
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"token": current_code(device)})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_verify_without_device_goes_to_setup(tenant, production):
    response = tenant.client("fallmanagement").get(VERIFY)
    assert response["Location"].startswith(SETUP)


def test_the_login_and_setup_pages_need_no_second_factor(tenant, production):
    client = tenant.client("koordination")
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("core:health")).status_code == 200
    assert Client().get(reverse("core:login")).status_code == 200


# Resetting a lost device: Koordination on the members page, or the command line.


def reset_url(tenant, user) -> str:
    return reverse(
        "core:member_reset_2fa", kwargs={"kommune": tenant.kommune.slug, "user": user.uuid}
    )


def test_koordination_resets_a_members_second_factor(tenant, production):
    member = tenant.user("fallmanagement")
    confirmed_device(member)
    client = verified_client(tenant.user("koordination"))
    response = client.post(reset_url(tenant, member), follow=True)
    assert response.status_code == 200
    assert "was reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    # The member is asked to set up a new device at the next visit.
    assert tenant.client("fallmanagement").get(dashboard())["Location"].startswith(SETUP)


def test_only_koordination_resets_second_factors(tenant):
    member = tenant.user("wohnraum")
    confirmed_device(member)
    response = tenant.client("fallmanagement").post(reset_url(tenant, member))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=member).exists()


def test_resetting_needs_post(tenant):
    member = tenant.user("wohnraum")
    confirmed_device(member)
    assert tenant.client("koordination").get(reset_url(tenant, member)).status_code == 405
    assert TOTPDevice.objects.filter(user=member).exists()


def test_a_user_of_another_kommune_cannot_be_reset(tenant, other_tenant):
    stranger = other_tenant.user("fallmanagement")
    confirmed_device(stranger)
    response = tenant.client("koordination").post(reset_url(tenant, stranger))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=stranger).exists()


def test_koordination_of_another_kommune_gets_404(tenant, other_tenant):
    member = tenant.user("wohnraum")
    confirmed_device(member)
    response = other_tenant.client("koordination").post(reset_url(tenant, member))
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=member).exists()


def test_a_kreis_user_working_elsewhere_is_not_reset_from_one_kommune(tenant, other_tenant):
    member = tenant.user("wohnraum")
    MembershipFactory(user=member, kommune=other_tenant.kommune, role="fallmanagement")
    confirmed_device(member)
    response = tenant.client("koordination").post(reset_url(tenant, member))
    assert response.status_code == 400
    assert "also works in a Kommune where you are not Koordination" in response.content.decode()
    assert TOTPDevice.objects.filter(user=member).exists()


def test_the_reset_command_removes_the_devices(tenant, capsys):
    member = tenant.user("partner")
    confirmed_device(member)
    call_command("reset-2fa", member.username)
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert "Removed 1 two-factor device" in capsys.readouterr().out


def test_the_reset_command_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="There is no user “nobody”"):
        call_command("reset-2fa", "nobody")


def test_a_reset_is_logged_as_a_security_event(tenant, caplog):
    member = tenant.user("partner")
    confirmed_device(member)
    with caplog.at_level("INFO", logger="vorort.security"):
        tenant.client("koordination").post(reset_url(tenant, member))
    assert f"two-factor reset: user={member.username}" in caplog.text
    assert "by=koordination-paderborn" in caplog.text
