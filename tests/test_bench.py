"""``vorort bench search``: runs on a small demo database and reports sane figures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from vorort.core.models import Kommune
from vorort.demo import bench
from vorort.demo.bench import KINDS, Query, draw_queries, percentile, raw_sql

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("demo", "--persons", "200", "--seed", "5", stdout=io.StringIO())


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 0.5) == 50.0
    assert percentile([3.0], 0.95) == 3.0


def test_raw_sql_mirrors_the_query():
    sql, params = raw_sql("Kovalenko Olena", 7)
    assert "LIMIT 50" in sql
    assert params == [7, "%kovalenko%", "%olena%", "Kovalenko Olena%"]
    sql, params = raw_sql("12.03.1985", 7)
    assert "birth_date = %s" in sql
    assert "search_name" not in sql
    assert str(params[1]) == "1985-03-12"


def test_queries_cover_every_kind_and_the_diacritics_pair_matches_alike(demo):
    kommune = Kommune.objects.get(slug="paderborn")
    queries = draw_queries(kommune, 28, seed=2)
    assert len(queries) == 28
    assert {q.kind for q in queries} == set(KINDS)
    with_marks = [q.text for q in queries if q.kind == "name with diacritics"]
    without = [q.text for q in queries if q.kind == "same, typed without"]
    assert all(not text.isascii() for text in with_marks)
    assert all(text.isascii() for text in without)


def test_bench_search_prints_a_table_and_writes_json(demo, tmp_path):
    out = io.StringIO()
    target = tmp_path / "search.json"
    call_command(
        "bench", "search", "--queries", "14", "--repeat", "1", "--json", str(target), stdout=out
    )
    text = out.getvalue()
    assert "selector ms" in text
    assert "raw SQL ms" in text
    figures = json.loads(target.read_text())
    assert figures["kommune"] == "Paderborn"
    assert figures["queries"] == 14
    assert figures["persons_in_kommune"] > 100
    kinds = {t["kind"] for t in figures["timings"]}
    assert kinds == {"all", *KINDS}
    overall = next(t for t in figures["timings"] if t["kind"] == "all")
    assert overall["selector_median_ms"] > 0
    assert overall["raw_median_ms"] > 0
    assert overall["ratio"] > 0
    # Every drawn person is found again: a search by its own file reference finds it.
    by_reference = next(t for t in figures["timings"] if t["kind"] == "file reference")
    assert by_reference["rows_per_page"] >= 1


def test_bench_json_to_stdout(demo):
    out = io.StringIO()
    call_command("bench", "search", "--queries", "7", "--repeat", "1", "--json", "-", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["database"] == connection.vendor


def test_bench_needs_persons(db):
    with pytest.raises(CommandError, match="vorort demo --size large"):
        call_command("bench", "search", stdout=io.StringIO())


def test_bench_says_clearly_when_the_selector_is_missing(demo, monkeypatch):
    def missing() -> None:
        raise bench.SearchUnavailable("search_persons does not exist yet")

    monkeypatch.setattr("vorort.core.management.commands.bench.load_search", missing)
    with pytest.raises(CommandError, match="does not exist yet"):
        call_command("bench", "search", stdout=io.StringIO())


def test_selector_and_raw_sql_agree_on_a_name_query(demo):
    """The baseline is a fair one: it finds the same persons for a plain name search."""
    from django_scopes import scope

    from vorort.core.models import Membership
    from vorort.core.roles import Role
    from vorort.people.selectors import search_persons

    kommune = Kommune.objects.get(slug="paderborn")
    query = Query("full name", draw_queries(kommune, 2, seed=3)[1].text)
    sql, params = raw_sql(query.text, kommune.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw_ids = [row[0] for row in cursor.fetchall()]
    with scope(kommune=kommune):
        membership = Membership(kommune=kommune, role=Role.KOORDINATION)
        selector_ids = [p.id for p in search_persons(membership, query.text)[:50]]
    assert raw_ids
    assert raw_ids == selector_ids


def test_demo_leaves_planner_statistics(demo):
    from vorort.demo.writer import has_planner_statistics

    assert has_planner_statistics()
