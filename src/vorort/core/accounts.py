"""Administration of Kommunen, users, partner organisations and second factors.

Called by the management commands (``vorort kommune-add``, ``user-add``, ``partner-add``,
``reset-2fa``) and by the members page. Every function validates with ``full_clean`` and
raises ``DomainError`` with a message that names the field and the problem; nothing is
stored when it refuses.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scope

from .ags import State
from .errors import DomainError
from .models import Kommune, Membership, PartnerOrganisation, User
from .roles import Role

security_log = logging.getLogger("vorort.security")


def validation_message(error: ValidationError, model: type[models.Model]) -> str:
    """All messages of ``error``, each prefixed with the label of its field."""
    parts = []
    for name, messages in error.message_dict.items():
        if name == "__all__":
            parts.extend(messages)
            continue
        try:
            label = str(getattr(model._meta.get_field(name), "verbose_name", name))
        except Exception:
            label = name
        parts.extend(f"{label}: {message}" for message in messages)
    return " ".join(parts)


def _full_clean(obj: models.Model, **kwargs: Any) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        first = next(iter(error.message_dict), None)
        raise DomainError(
            validation_message(error, type(obj)),
            field=None if first in (None, "__all__") else first,
        ) from error


def state_key(value: str) -> str:
    """The AGS key of a state given as key (``05``), abbreviation (``NW``) or name."""
    raw = value.strip()
    for state in State:
        if raw.lower() in (state.value, state.name.lower(), state.label.lower()):
            return str(state.value)
    if raw.isdigit() and len(raw) == 1:
        return f"0{raw}"
    return raw


@transaction.atomic
def kommune_create(*, slug: str, name: str, ags: str, state: str, kreis: str = "") -> Kommune:
    """Create a Kommune after checking its AGS against the given state."""
    kommune = Kommune(
        slug=slug.strip(),
        name=name.strip(),
        ags=ags.strip(),
        state=state_key(state),
        kreis=kreis.strip(),
    )
    _full_clean(kommune)
    kommune.save()
    return kommune


def kommune_by_slug(slug: str) -> Kommune:
    kommune = Kommune.objects.filter(slug=slug).first()
    if kommune is None:
        raise DomainError(
            _("There is no Kommune with the short name “%(slug)s”.") % {"slug": slug},
            field="kommune",
        )
    return kommune


@transaction.atomic
def partner_create(*, kommune: Kommune, name: str, kind: str) -> PartnerOrganisation:
    """Create a partner organisation (Ausländerbehörde, Jobcenter …) in ``kommune``."""
    with scope(kommune=kommune):
        organisation = PartnerOrganisation(kommune=kommune, name=name.strip(), kind=kind)
        _full_clean(organisation)
        organisation.save()
    return organisation


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    username: str,
    kommune: Kommune,
    role: str,
    organisation_name: str | None = None,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> tuple[User, Membership, bool]:
    """Give ``username`` the role ``role`` in ``kommune``; create the user if needed.

    A user may belong to several Kommunen (a Kreis user), with one role in each. A new user
    without ``password`` gets an unusable one (set it later with ``vorort changepassword``).
    Returns (user, membership, whether the user was created).
    """
    if role not in Role.values:
        raise DomainError(
            _("Unknown role “%(role)s”: use one of %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            field="role",
        )
    organisation = None
    if organisation_name:
        with scope(kommune=kommune):
            organisation = PartnerOrganisation.objects.filter(
                kommune=kommune, name=organisation_name
            ).first()
            known = list(PartnerOrganisation.objects.values_list("name", flat=True))
        if organisation is None:
            raise DomainError(
                _(
                    "Organisation: there is no partner organisation “%(name)s” in %(kommune)s "
                    "(known: %(known)s). Add it first with vorort partner-add."
                )
                % {"name": organisation_name, "kommune": kommune, "known": ", ".join(known) or "–"},
                field="organisation",
            )
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_unusable_password()
        _full_clean(user)
    elif Membership.objects.filter(user=user, kommune=kommune).exists():
        existing = Membership.objects.get(user=user, kommune=kommune)
        raise DomainError(
            _("%(user)s already has the role %(role)s in %(kommune)s.")
            % {"user": username, "role": existing.get_role_display(), "kommune": kommune},
            field="role",
        )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DomainError(
                _("Password: %(problems)s") % {"problems": " ".join(error.messages)},
                field="password",
            ) from error
        user.set_password(password)
    user.save()
    membership = Membership(user=user, kommune=kommune, role=role, organisation=organisation)
    _full_clean(membership)
    membership.save()
    security_log.info(
        "membership added: user=%s kommune=%s role=%s by=%s",
        user.username,
        kommune.slug,
        role,
        actor.username if actor else "command line",
    )
    return user, membership, created


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User, kommune: Kommune | None = None) -> int:
    """Delete all second-factor devices of ``user``; they set up a new one at next login.

    From the members page (``kommune`` given) the actor must be Koordination in every Kommune
    the user belongs to: otherwise a coordinator of one Kommune could weaken the account of
    a Kreis user who also works elsewhere. Superusers are reset on the command line only.
    Returns the number of devices removed.
    """
    if kommune is not None:
        if user.is_superuser:
            raise DomainError(
                _("The second factor of an administrator can only be reset on the command line.")
            )
        other = (
            Membership.objects.filter(user=user)
            .exclude(kommune=kommune)
            .exclude(
                kommune__in=Membership.objects.filter(user=actor, role=Role.KOORDINATION).values(
                    "kommune"
                )
            )
        )
        if other.exists():
            raise DomainError(
                _(
                    "%(user)s also works in a Kommune where you are not Koordination: ask the "
                    "administrator to reset the second factor (vorort reset-2fa)."
                )
                % {"user": user}
            )
    deleted, _per_model = TOTPDevice.objects.filter(user=user).delete()
    security_log.warning(
        "two-factor reset: user=%s devices=%s by=%s",
        user.username,
        deleted,
        actor.username if actor else "command line",
    )
    return deleted
