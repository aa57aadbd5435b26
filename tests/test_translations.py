"""The German catalogue is complete: every msgid in the code is translated, none fuzzy.

Runs Django's makemessages on a copy of the source tree (needs GNU gettext, which .ci/run
installs) and compares its msgids with the committed catalogue.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "vorort"
PO = SRC / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_german_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = polib.pofile(str(PO))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_compiled_catalogue_is_current():
    mo = PO.with_suffix(".mo")
    assert mo.exists(), "run `make messages`"
    compiled = {e.msgid for e in polib.mofile(str(mo))}
    assert {e.msgid for e in polib.pofile(str(PO)).translated_entries()} <= compiled


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_contains_every_msgid_of_the_code(tmp_path):
    copy = tmp_path / "vorort"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "locale"))
    (copy / "locale").mkdir()  # makemessages writes here, never into the real catalogue
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(SRC.parents[1]) + ":" + str(SRC.parent),
        },
    )
    fresh = {
        e.msgid for e in polib.pofile(str(copy / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    }
    committed = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    missing = sorted(fresh - committed)
    assert not missing, (
        f"{len(missing)} msgids not in the catalogue (run `make messages`): {missing[:15]}"
    )
