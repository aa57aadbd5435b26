"""Command-line administration: kommune-add, partner-add, user-add."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connections
from django.test import RequestFactory

from tests.factories import UserFactory
from vorort.cli import main as vorort
from vorort.core.models import Kommune, Membership, PartnerOrganisation, User


def kommune_add(*args: str) -> str:
    out = io.StringIO()
    call_command("kommune-add", *args, stdout=out)
    return out.getvalue()


PADERBORN = ["--slug", "paderborn", "--name", "Paderborn", "--kreis", "Kreis Paderborn"]


def test_kommune_add_creates_a_kommune(db):
    out = kommune_add(*PADERBORN, "--ags", "05774032", "--state", "05")
    kommune = Kommune.objects.get(slug="paderborn")
    assert (kommune.name, kommune.ags, kommune.state, kommune.kreis) == (
        "Paderborn",
        "05774032",
        "05",
        "Kreis Paderborn",
    )
    assert "Created Kommune Paderborn" in out


@pytest.mark.parametrize("state", ["NW", "nw", "Nordrhein-Westfalen", "5"])
def test_kommune_add_accepts_the_state_by_abbreviation_or_name(db, state):
    kommune_add(*PADERBORN, "--ags", "05774032", "--state", state)
    assert Kommune.objects.get(slug="paderborn").state == "05"


@pytest.mark.parametrize(
    ("ags", "state", "expected"),
    [
        ("17000000", "05", "Unknown AGS “17000000”"),
        ("5774032", "05", "exactly 8 digits (e.g. 05774032), not “5774032”"),
        ("0577403x", "05", "not “0577403x”"),
        ("057740321", "05", "057740321"),
        ("05774032", "09", "The AGS 05774032 belongs to Nordrhein-Westfalen, not to Bayern"),
        ("05774032", "17", "Unknown state key “17”"),
    ],
)
def test_kommune_add_refuses_a_bad_ags(db, ags, state, expected):
    with pytest.raises(CommandError) as raised:
        kommune_add(*PADERBORN, "--ags", ags, "--state", state)
    assert "Kommune not created" in str(raised.value)
    assert expected in str(raised.value)
    assert not Kommune.objects.exists()


def test_kommune_add_refuses_a_taken_ags_or_slug(tenant):
    with pytest.raises(CommandError, match="AGS"):
        kommune_add("--slug", "pb2", "--name", "X", "--ags", "05774032", "--state", "05")
    with pytest.raises(CommandError, match="short name"):
        kommune_add(*PADERBORN, "--ags", "05774036", "--state", "05")
    assert Kommune.objects.count() == 1


def test_a_refused_command_exits_non_zero(db, capsys, monkeypatch):
    # run_from_argv closes all connections at the end, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        vorort(["vorort", "kommune-add", *PADERBORN, "--ags", "17000000", "--state", "05"])
    assert exited.value.code != 0
    assert "17000000" in capsys.readouterr().err
    assert not Kommune.objects.exists()


def test_partner_add_creates_an_organisation(tenant):
    call_command(
        "partner-add",
        "--kommune",
        "paderborn",
        "--name",
        "Ausländerbehörde Paderborn",
        "--kind",
        "auslaenderbehoerde",
        stdout=io.StringIO(),
    )
    assert PartnerOrganisation.objects.filter(
        kommune=tenant.kommune, name="Ausländerbehörde Paderborn"
    ).exists()


def test_partner_add_refuses_a_duplicate_and_an_unknown_kommune(tenant):
    with pytest.raises(CommandError, match="Organisation not created"):
        call_command(
            "partner-add", "--kommune", "paderborn", "--name", "Jobcenter Paderborn",
            "--kind", "jobcenter",
        )  # fmt: skip
    with pytest.raises(CommandError, match="no Kommune with the short name “atlantis”"):
        call_command("partner-add", "--kommune", "atlantis", "--name", "X", "--kind", "jobcenter")


def user_add(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    options = {"stdout": out}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    call_command("user-add", *args, **options)
    return out.getvalue()


def test_user_add_creates_a_user_with_a_role_and_password(tenant):
    out = user_add(
        "m.muster", "--kommune", "paderborn", "--role", "fallmanagement", "--password-stdin",
        "--first-name", "Maria", "--last-name", "Muster",
        stdin="Sonnenblume-Paderborn-7\n",
    )  # fmt: skip
    user = User.objects.get(username="m.muster")
    assert user.get_full_name() == "Maria Muster"
    assert Membership.objects.get(user=user).role == "fallmanagement"
    request = RequestFactory().post("/anmelden/")
    assert authenticate(request, username="m.muster", password="Sonnenblume-Paderborn-7") == user
    assert "Created user m.muster" in out
    assert "m.muster is now Fallmanagement in Paderborn" in out


def test_user_add_without_password_leaves_no_usable_password(tenant):
    out = user_add("m.muster", "--kommune", "paderborn", "--role", "wohnraum")
    assert not User.objects.get(username="m.muster").has_usable_password()
    assert "vorort changepassword m.muster" in out


def test_user_add_gives_an_existing_user_a_second_kommune(tenant, other_tenant):
    user = tenant.user("koordination")
    user_add(user.username, "--kommune", "koenigswinter", "--role", "auswertung")
    roles = dict(Membership.objects.filter(user=user).values_list("kommune__slug", "role"))
    assert roles == {"paderborn": "koordination", "koenigswinter": "auswertung"}


def test_user_add_refuses_a_second_role_in_the_same_kommune(tenant):
    user = tenant.user("wohnraum")
    with pytest.raises(CommandError, match="already has the role Wohnraum in Paderborn"):
        user_add(user.username, "--kommune", "paderborn", "--role", "koordination")
    assert Membership.objects.get(user=user).role == "wohnraum"


def test_user_add_adds_a_partner_with_organisation(tenant):
    user_add(
        "jc.meier", "--kommune", "paderborn", "--role", "partner",
        "--organisation", "Jobcenter Paderborn",
    )  # fmt: skip
    membership = Membership.objects.get(user__username="jc.meier")
    assert membership.organisation == tenant.partner_org


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--kommune", "atlantis", "--role", "wohnraum"], "no Kommune with the short name"),
        (["--kommune", "paderborn", "--role", "chef"], "Unknown role “chef”"),
        (["--kommune", "paderborn", "--role", "partner"], "A partner user needs an organisation"),
        (
            ["--kommune", "paderborn", "--role", "partner", "--organisation", "Finanzamt"],
            "no partner organisation “Finanzamt” in Paderborn (known: Jobcenter Paderborn)",
        ),
    ],
)
def test_user_add_refuses_bad_input_and_stores_nothing(tenant, args, expected):
    with pytest.raises(CommandError) as raised:
        user_add("neu", *args)
    assert "User not added" in str(raised.value)
    assert expected in str(raised.value)
    assert not User.objects.filter(username="neu").exists()


def test_user_add_refuses_an_invalid_username(tenant):
    with pytest.raises(CommandError, match=r"(Benutzername|[Uu]sername): "):
        user_add("böse name!", "--kommune", "paderborn", "--role", "wohnraum")
    assert not User.objects.filter(username="böse name!").exists()


def test_user_add_refuses_a_weak_password_and_stores_nothing(tenant):
    with pytest.raises(CommandError, match=r"Password: .*(too short|zu kurz)"):
        user_add(
            "neu", "--kommune", "paderborn", "--role", "wohnraum", "--password-stdin",
            stdin="kurz\n",
        )  # fmt: skip
    assert not User.objects.filter(username="neu").exists()


def test_user_add_refuses_an_empty_password(tenant):
    with pytest.raises(CommandError, match="no password on standard input"):
        user_add(
            "neu", "--kommune", "paderborn", "--role", "wohnraum", "--password-stdin", stdin=""
        )
    assert not User.objects.filter(username="neu").exists()


def test_user_add_keeps_an_existing_password_unless_given(tenant, other_tenant):
    user = UserFactory(username="kreis")
    user_add("kreis", "--kommune", "koenigswinter", "--role", "auswertung")
    user.refresh_from_db()
    assert user.check_password("demo")
