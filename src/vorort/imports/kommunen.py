"""Finding and creating a Kommune from the command line: by slug or AGS, German slugs."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _

from vorort.core.accounts import kommune_create
from vorort.core.errors import DomainError
from vorort.core.models import Kommune

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(name: str) -> str:
    """``Königswinter`` -> ``koenigswinter``; ``Groß-Gerau`` -> ``gross-gerau``."""
    return slugify(name.translate(_GERMAN))[:60]


def find_kommune(value: str) -> Kommune:
    """The Kommune with slug ``value`` or, if it is 8 digits, with that AGS."""
    value = value.strip()
    kommune = Kommune.objects.filter(slug=value).first()
    if kommune is None and value.isdigit():
        kommune = Kommune.objects.filter(ags=value).first()
    if kommune is None:
        raise DomainError(
            _("There is no Kommune with the short name or AGS “%(value)s”.") % {"value": value},
            field="kommune",
        )
    return kommune


def create_kommune(
    *, name: str, ags: str, slug: str = "", state: str = "", kreis: str = ""
) -> Kommune:
    """Create a Kommune; the state comes from the AGS and the slug from the name if not given."""
    ags = ags.strip()
    slug = slug.strip() or german_slug(name)
    if not slug:
        raise DomainError(_("Short name: the name gives no short name; pass --slug."), field="slug")
    if Kommune.objects.filter(slug=slug).exists():
        raise DomainError(
            _("Short name: a Kommune with the short name “%(slug)s” exists already.")
            % {"slug": slug},
            field="slug",
        )
    # An AGS that is not 8 digits gets no state: the AGS check then names the real problem.
    state = state.strip() or (ags[:2] if len(ags) == 8 and ags.isdigit() else "")
    return kommune_create(slug=slug, name=name, ags=ags, state=state, kreis=kreis)
