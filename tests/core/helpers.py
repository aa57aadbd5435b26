"""Helpers for the core tests: TOTP codes and a session that passed the second factor."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vorort.core.models import User


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now."""
    device.refresh_from_db()
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def verified_client(user: User) -> Client:
    """A client logged in with password and second factor (the device is created if needed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_device(user)
    client = Client()
    client.force_login(user)
    response = client.post(reverse("core:otp_verify"), {"token": current_code(device)})
    assert response.status_code == 302, response.content
    return client
