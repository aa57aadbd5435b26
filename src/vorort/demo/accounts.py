"""The demo Kommunen, their partner agencies and logins; removing their generated data.

Everything here is idempotent: running it again finds what exists (by slug, by name, by
username) and creates only what is missing. Passwords are set only for new users, or for all
demo users when ``reset_passwords`` is true (``vorort demo --reset``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models

from vorort.core.models import Kommune, Membership, PartnerOrganisation, User
from vorort.core.roles import Role

from .places import DEMO_KOMMUNEN, DEMO_PASSWORD, DISTRICT_USER, DemoKommune


@dataclass
class DemoAccounts:
    """One demo Kommune with its partner agencies (by kind) and staff users (by role)."""

    spec: DemoKommune
    kommune: Kommune
    partners: dict[str, PartnerOrganisation]
    staff: dict[str, User]


@dataclass(frozen=True)
class Login:
    username: str
    name: str
    role: str
    kommunen: tuple[str, ...]


def username_for(role: str, spec: DemoKommune) -> str:
    return f"{role}-{spec.slug}"


def ensure_kommune(spec: DemoKommune) -> Kommune:
    kommune = Kommune.objects.filter(slug=spec.slug).first()
    if kommune is None:
        kommune = Kommune(
            slug=spec.slug, name=spec.name, ags=spec.ags, kreis=spec.kreis, state=spec.state
        )
        kommune.full_clean()
        kommune.save()
    return kommune


def _ensure_user(
    username: str, first_name: str, last_name: str, password_hash: str, reset_password: bool
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.vorort.example",
            password=password_hash,
        )
        user.save()
    elif reset_password:
        user.password = password_hash
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return user


def _ensure_membership(
    user: User, kommune: Kommune, role: str, organisation: PartnerOrganisation | None
) -> None:
    if not Membership.objects.filter(user=user, kommune=kommune).exists():
        membership = Membership(user=user, kommune=kommune, role=role, organisation=organisation)
        membership.full_clean()
        membership.save()


def ensure_accounts(
    spec: DemoKommune, password_hash: str, *, reset_passwords: bool = False
) -> DemoAccounts:
    """The Kommune, its partner agencies and one user per role (``<role>-<slug>``)."""
    kommune = ensure_kommune(spec)
    partners: dict[str, PartnerOrganisation] = {}
    for name, kind in spec.partners:
        organisation, _created = PartnerOrganisation.objects.get_or_create(
            kommune=kommune, name=name, defaults={"kind": kind}
        )
        partners[kind] = organisation
    staff: dict[str, User] = {}
    for role in Role.values:
        first_name, last_name = spec.staff[role]
        user = _ensure_user(
            username_for(role, spec), first_name, last_name, password_hash, reset_passwords
        )
        # The partner user works at the Jobcenter, which receives consented data.
        _ensure_membership(
            user,
            kommune,
            role,
            partners[PartnerOrganisation.Kind.JOBCENTER] if role == Role.PARTNER else None,
        )
        staff[role] = user
    return DemoAccounts(spec=spec, kommune=kommune, partners=partners, staff=staff)


def ensure_district_user(
    kommunen: list[Kommune], password_hash: str, *, reset_passwords: bool = False
) -> User:
    """An analyst of the district level with Auswertung memberships in every demo Kommune."""
    username, first_name, last_name = DISTRICT_USER
    user = _ensure_user(username, first_name, last_name, password_hash, reset_passwords)
    for kommune in kommunen:
        _ensure_membership(user, kommune, Role.AUSWERTUNG, None)
    return user


def demo_password_hash() -> str:
    """One hash for all demo users: hashing is slow on purpose, and they share the password."""
    return make_password(DEMO_PASSWORD)


def demo_logins() -> list[Login]:
    """Every demo login, Kommune by Kommune, then the district user."""
    logins = []
    for spec in DEMO_KOMMUNEN:
        for role in Role.values:
            first_name, last_name = spec.staff[role]
            logins.append(
                Login(
                    username_for(role, spec),
                    f"{first_name} {last_name}",
                    str(Role(role).label),
                    (spec.name,),
                )
            )
    username, first_name, last_name = DISTRICT_USER
    logins.append(
        Login(
            username,
            f"{first_name} {last_name}",
            str(Role.AUSWERTUNG.label),
            tuple(spec.name for spec in DEMO_KOMMUNEN),
        )
    )
    return logins


# --- removing generated data ---------------------------------------------------------------


def _kommune_field(model: type[models.Model]) -> models.Field[Any, Any] | None:
    for field in model._meta.concrete_fields:
        if field.name == "kommune" and field.is_relation and field.related_model is Kommune:
            return field
    return None


def tenant_data_models() -> list[type[models.Model]]:
    """Models holding a Kommune's data (history tables too), dependants before what they use.

    Partner organisations and memberships stay: they are the Kommune's set-up, not its data.
    """
    kept = {PartnerOrganisation, Membership}
    found = [
        model
        for model in apps.get_models()
        if model not in kept and not model._meta.proxy and _kommune_field(model) is not None
    ]
    found_set = set(found)
    # Kahn's algorithm: a model that points at another must be emptied before it.
    depends: dict[type[models.Model], set[type[models.Model]]] = {}
    for model in found:
        depends[model] = {
            field.related_model  # type: ignore[misc]
            for field in model._meta.concrete_fields
            if field.is_relation
            and field.related_model in found_set
            and field.related_model is not model
        }
    ordered: list[type[models.Model]] = []
    remaining = list(found)
    while remaining:
        # Delete a model once nothing remaining depends on it.
        ready = [model for model in remaining if not any(model in depends[o] for o in remaining)]
        if not ready:  # a cycle: fall back to the remaining order (constraints are deferred)
            ready = remaining[:]
        ordered += ready
        remaining = [model for model in remaining if model not in ready]
    return ordered


def delete_tenant_data(kommunen: list[Kommune]) -> int:
    """Remove every generated record of ``kommunen`` with plain DELETEs; return the row count.

    The ORM's ``delete()`` would load every object (to send signals, and simple-history would
    write a history row per deleted object): far too slow for 100,000 persons. Raw DELETEs in
    dependency order, auto-created many-to-many tables first, do it in seconds.
    """
    ids = [kommune.pk for kommune in kommunen]
    if not ids:
        return 0
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(ids))
    total = 0
    with connection.cursor() as cursor:
        for model in tenant_data_models():
            table = quote(model._meta.db_table)
            kommune_field = _kommune_field(model)
            assert kommune_field is not None and model._meta.pk is not None
            kommune_column = quote(kommune_field.column)
            pk_column = quote(model._meta.pk.column)
            for m2m in model._meta.local_many_to_many:
                through: Any = m2m.remote_field.through
                if through._meta.auto_created:
                    source = quote(m2m.m2m_column_name())
                    cursor.execute(
                        f"DELETE FROM {quote(through._meta.db_table)} WHERE {source} IN "  # noqa: S608
                        f"(SELECT {pk_column} FROM {table} WHERE {kommune_column} IN "
                        f"({placeholders}))",
                        ids,
                    )
            cursor.execute(
                f"DELETE FROM {table} WHERE {kommune_column} IN ({placeholders})",  # noqa: S608
                ids,
            )
            total += max(cursor.rowcount, 0)
    return total
