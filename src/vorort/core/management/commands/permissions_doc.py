"""``vorort permissions_doc``: print docs/permissions.md from the matrix in core/roles.py."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from vorort.core.roles import PERMISSIONS, TWO_FACTOR_ROLES, Role

HEADER = """# Permissions matrix

Generated from `src/vorort/core/roles.py` by `vorort permissions_doc > docs/permissions.md`;
a test fails when this page and the code differ. ✔ = the role holds the permission.

Which *objects* a role reaches is decided separately, in `people/selectors.py`:
- Koordination, Fallmanagement, Wohnraum, Ehrenamtskoordination: every person of their Kommune.
- Ehrenamt: only persons assigned to them (an active volunteer assignment), basic data only.
- Partner: only persons with an active consent naming their organisation, and only the data
  categories that consent lists.
- Auswertung: no individual person; aggregated figures with cells under 5 suppressed.

Everything is per Kommune: a user of another Kommune gets 404 for every page, list and action,
the same answer as for an object that does not exist. A wrong role gets 403.
"""


def render() -> str:
    roles = list(Role)
    lines = [HEADER]
    lines.append("| permission | " + " | ".join(str(r.label) for r in roles) + " | meaning |")
    lines.append("|---|" + "---|" * len(roles) + "---|")
    for name, (holders, description) in PERMISSIONS.items():
        cells = " | ".join("✔" if r in holders else "" for r in roles)
        lines.append(f"| `{name}` | {cells} | {description} |")
    lines.append("")
    two_factor = ", ".join(str(r.label) for r in roles if r in TWO_FACTOR_ROLES)
    lines.append(
        f"Two-factor authentication (TOTP) is required outside demo mode for: {two_factor}."
    )
    lines.append("")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Print the permissions matrix as Markdown (docs/permissions.md)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(render(), ending="")
