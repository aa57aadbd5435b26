"""Security headers, content security policy and ``check --deploy`` with production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.urls import reverse

from vorort.core.checks import check_demo_mode_off


@pytest.fixture
def page(tenant):
    response = tenant.client("fallmanagement").get(
        reverse("people:dashboard", kwargs={"kommune": "paderborn"})
    )
    assert response.status_code == 200
    return response


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_a_page_carries_a_strict_content_security_policy(page):
    policy = directives(page["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in page["Content-Security-Policy"]
    assert "'unsafe-eval'" not in page["Content-Security-Policy"]


def test_a_page_carries_the_security_headers(page):
    assert page["X-Frame-Options"] == "DENY"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_login_page_carries_them_too(client, db):
    response = client.get(reverse("core:login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(page):
    html = page.content.decode()
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    # Start from a clean environment: the test run's own DJANGO_* and VORORT_* are not production.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VORORT_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="vorort.settings",
        VORORT_DEBUG="false",
        VORORT_SECRET_KEY=secrets.token_urlsafe(64),
        VORORT_ALLOWED_HOSTS="vorort.example.org",
        VORORT_DATA_DIR=str(tmp_path),
    )
    env.update(extra)
    return env


def check_deploy(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, **extra),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_demo_mode_is_left_on(tmp_path):
    result = check_deploy(tmp_path, VORORT_DEMO_MODE="true")
    assert result.returncode != 0
    assert "vorort.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["VORORT_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import vorort.settings"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "VORORT_SECRET_KEY must be set" in result.stderr


def test_the_demo_mode_check_is_quiet_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    assert check_demo_mode_off() == []
    settings.DEMO_MODE = True
    assert [w.id for w in check_demo_mode_off()] == ["vorort.W001"]


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(64) + "\n")
    env = production_env(tmp_path, VORORT_SECRET_KEY_FILE=str(key_file))
    del env["VORORT_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
