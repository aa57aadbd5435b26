"""The person-search benchmark behind ``vorort bench search``.

Typical searches of a case worker (a name fragment, a full name with and without umlauts or
Turkish letters, a birth date, a file reference, a common first name) are drawn from the
persons in the database, then each is run through the real selector
``vorort.people.selectors.search_persons`` (first page of 50 rows, queryset evaluated) and,
as a baseline in the same process, through the plain SQL a hand-written search would send
(``SELECT … FROM people_person WHERE kommune_id = ? AND search_name LIKE ? … LIMIT 50``).
The difference is what the selector adds: access rules, the OR over file references and
case numbers, and the current residence status of each row.
"""

from __future__ import annotations

import math
import statistics
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from random import Random
from typing import Any

from django.db import connection
from django_scopes import scope, scopes_disabled

from vorort.core.models import Kommune, Membership
from vorort.core.roles import Role
from vorort.people.models import Person
from vorort.people.search import extract_date, fold, query_tokens

PAGE = 50

#: How a German keyboard user types letters they have no key for.
TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)

KINDS = (
    "name fragment",
    "full name",
    "name with diacritics",
    "same, typed without",
    "birth date",
    "file reference",
    "common first name",
)


@dataclass
class Query:
    kind: str
    text: str


@dataclass
class Timing:
    kind: str
    queries: int
    selector_median_ms: float
    selector_p95_ms: float
    raw_median_ms: float
    raw_p95_ms: float
    ratio: float
    rows_per_page: float
    matches_mean: float


@dataclass
class BenchResult:
    database: str
    kommune: str
    persons_in_kommune: int
    persons_total: int
    queries: int
    repeat: int
    timings: list[Timing] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class SearchUnavailable(Exception):
    """``search_persons`` cannot be imported (not written yet)."""


def load_search() -> Callable[[Membership, str], Any]:
    try:
        from vorort.people.selectors import search_persons
    except ImportError as error:  # the selector is written by another part of the project
        raise SearchUnavailable(
            "vorort.people.selectors.search_persons(membership, query) does not exist yet; "
            "the search benchmark needs it."
        ) from error
    return search_persons


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` 0.95 for p95) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def draw_queries(kommune: Kommune, count: int, seed: int) -> list[Query]:
    """``count`` queries, the kinds in turn, taken from persons of ``kommune``."""
    rng = Random(seed)
    ids = list(Person.objects.filter(kommune=kommune).order_by("id").values_list("id", flat=True))
    if not ids:
        return []
    picked = rng.sample(ids, min(len(ids), count))
    rows = {
        row["id"]: row
        for row in Person.objects.filter(id__in=picked).values(
            "id", "first_name", "last_name", "birth_date", "file_reference"
        )
    }
    # Persons with letters outside ASCII (Şahin, Özdemir, Hêvî...) for the diacritics pair.
    accented = [
        row
        for row in Person.objects.filter(kommune=kommune)
        .order_by("id")
        .values("first_name", "last_name")[:20000]
        if not (row["first_name"] + row["last_name"]).isascii()
    ]
    queries: list[Query] = []
    for index in range(count):
        row = rows[picked[index % len(picked)]]
        kind = KINDS[index % len(KINDS)]
        if kind == "name fragment":
            folded = fold(row["last_name"]).replace(" ", "")
            start = rng.randint(0, max(0, len(folded) - 4))
            queries.append(Query(kind, folded[start : start + 4]))
        elif kind == "full name":
            queries.append(Query(kind, f"{row['first_name']} {row['last_name']}"))
        elif kind in ("name with diacritics", "same, typed without") and accented:
            person = accented[index // len(KINDS) % len(accented)]
            name = (
                person["last_name"] if not person["last_name"].isascii() else (person["first_name"])
            )
            if kind == "same, typed without":
                # German transliteration (Özdemir → Oezdemir), the rest without accents.
                name = "".join(
                    c for c in _decompose(name.translate(TRANSLITERATION)) if c.isascii()
                )
            queries.append(Query(kind, name))
        elif kind == "birth date" and row["birth_date"] is not None:
            queries.append(Query(kind, row["birth_date"].strftime("%d.%m.%Y")))
        elif kind == "file reference" and row["file_reference"]:
            queries.append(Query(kind, row["file_reference"]))
        elif kind == "common first name":
            queries.append(
                Query(
                    kind,
                    rng.choice(
                        ("Mohammed", "Ahmad", "Fatima", "Olena", "Ali", "Maryam", "Oleksandr")
                    ),
                )
            )
        else:
            queries.append(Query("full name", f"{row['first_name']} {row['last_name']}"))
    return queries


def _decompose(text: str) -> str:
    return unicodedata.normalize("NFKD", text.replace("ı", "i").replace("ş", "s"))


def raw_sql(query: str, kommune_id: int) -> tuple[str, list[Any]]:
    """The plain SQL a hand-written search would send for ``query`` (no access rules)."""
    table = connection.ops.quote_name(Person._meta.db_table)
    where = ["kommune_id = %s"]
    params: list[Any] = [kommune_id]
    birth_date, text = extract_date(query.strip())
    if birth_date is not None:
        where.append("birth_date = %s")
        params.append(birth_date)
    text = text.strip()
    if text:
        tokens = query_tokens(text)
        name = " AND ".join(["search_name LIKE %s"] * len(tokens)) or "1 = 0"
        where.append(f"(({name}) OR file_reference LIKE %s)")
        params += [f"%{token}%" for token in tokens] + [f"{text}%"]
    sql = (
        f"SELECT id, first_name, last_name, birth_date, file_reference FROM {table} "  # noqa: S608
        f"WHERE {' AND '.join(where)} ORDER BY last_name, first_name, id LIMIT {PAGE}"
    )
    return sql, params


def run_search_bench(
    *,
    kommune: Kommune,
    queries: list[Query],
    repeat: int = 3,
    progress: Callable[[str], None] | None = None,
) -> BenchResult:
    """Time every query ``repeat`` times through the selector and through plain SQL."""
    search_persons = load_search()
    # An unsaved Koordination membership: full access, no extra rows needed.
    membership = Membership(kommune=kommune, role=Role.KOORDINATION)
    selector_ms: dict[str, list[float]] = defaultdict(list)
    raw_ms: dict[str, list[float]] = defaultdict(list)
    rows: dict[str, list[int]] = defaultdict(list)
    matches: dict[str, list[int]] = defaultdict(list)
    with scope(kommune=kommune), connection.cursor() as cursor:
        # Warm up caches (SQLite page cache, Django's query compilation paths).
        for query in queries[: len(KINDS)]:
            list(search_persons(membership, query.text)[:PAGE])
        for number, query in enumerate(queries, start=1):
            sql, params = raw_sql(query.text, kommune.pk)
            for _round in range(repeat):
                started = time.perf_counter()
                page = list(search_persons(membership, query.text)[:PAGE])
                selector_ms[query.kind].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                cursor.execute(sql, params)
                raw_rows = cursor.fetchall()
                raw_ms[query.kind].append((time.perf_counter() - started) * 1000)
            rows[query.kind].append(len(page))
            matches[query.kind].append(search_persons(membership, query.text).count())
            if len(raw_rows) > len(page):
                raise AssertionError(f"plain SQL found more than the selector for {query}")
            if progress is not None and number % 50 == 0:
                progress(f"  {number}/{len(queries)} queries")
    with scopes_disabled():
        result = BenchResult(
            database=connection.vendor,
            kommune=kommune.name,
            persons_in_kommune=Person.objects.filter(kommune=kommune).count(),
            persons_total=Person.objects.count(),
            queries=len(queries),
            repeat=repeat,
        )
    for name in ("all", *(kind for kind in KINDS if kind in selector_ms)):
        kinds = list(selector_ms) if name == "all" else [name]
        sel = [ms for kind in kinds for ms in selector_ms[kind]]
        raw = [ms for kind in kinds for ms in raw_ms[kind]]
        got = [n for kind in kinds for n in rows[kind]]
        found = [n for kind in kinds for n in matches[kind]]
        result.timings.append(
            Timing(
                kind=name,
                queries=len(got),
                selector_median_ms=round(statistics.median(sel), 3),
                selector_p95_ms=round(percentile(sel, 0.95), 3),
                raw_median_ms=round(statistics.median(raw), 3),
                raw_p95_ms=round(percentile(raw, 0.95), 3),
                ratio=round(statistics.median(sel) / max(statistics.median(raw), 1e-6), 1),
                rows_per_page=round(statistics.mean(got), 1),
                matches_mean=round(statistics.mean(found), 1),
            )
        )
    return result


def format_table(result: BenchResult) -> str:
    header = (
        f"{'query kind':<22} {'n':>4} {'selector ms':>12} {'p95':>8} {'raw SQL ms':>11} "
        f"{'p95':>8} {'ratio':>6} {'rows':>5} {'matches':>8}"
    )
    lines = [
        f"Person search on {result.database}: {result.kommune}, "
        f"{result.persons_in_kommune} persons there, {result.persons_total} in all; "
        f"{result.queries} queries × {result.repeat} runs, first page of {PAGE} rows.",
        "Times are medians (p95 beside them) in milliseconds; ratio = selector / raw SQL.",
        "",
        header,
        "-" * len(header),
    ]
    for t in result.timings:
        lines.append(
            f"{t.kind:<22} {t.queries:>4} {t.selector_median_ms:>12.2f} {t.selector_p95_ms:>8.2f} "
            f"{t.raw_median_ms:>11.2f} {t.raw_p95_ms:>8.2f} {t.ratio:>6.1f} "
            f"{t.rows_per_page:>5.1f} {t.matches_mean:>8.1f}"
        )
        if t.kind == "all":
            lines.append("-" * len(header))
    return "\n".join(lines)
