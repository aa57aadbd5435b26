"""``vorort bench import`` on a small file: figures, summaries, nothing left behind."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from vorort.core.models import Kommune
from vorort.people.models import Person


@pytest.mark.django_db
def test_bench_import_reports_and_rolls_back() -> None:
    kommunen = Kommune.objects.count()
    out = io.StringIO()
    call_command("bench", "import", "--rows", "40", "--json", "-", stdout=out)
    figures: dict[str, Any] = json.loads(out.getvalue())
    assert figures["rows"] == 40
    assert [f["format"] for f in figures["formats"]] == ["xlsx", "csv"]
    for f in figures["formats"]:
        assert f["summary"] == "created=40 updated=0 unchanged=0 refused=0"
        assert f["reimport_summary"] == "created=0 updated=0 unchanged=40 refused=0"
        assert f["import_ratio_to_parse"] > 0
        assert f["peak_rss_mb_after_reimport"] >= f["peak_rss_mb_after_import"] > 0
    assert figures["database"]
    assert Kommune.objects.count() == kommunen
    with scopes_disabled():
        assert not Person.objects.exists()


@pytest.mark.django_db
def test_bench_import_prints_a_table() -> None:
    out = io.StringIO()
    call_command("bench", "import", "--rows", "10", stdout=out)
    text = out.getvalue()
    assert "x parse" in text and "machine load" in text
    assert "created=10 updated=0 unchanged=0 refused=0" in text
