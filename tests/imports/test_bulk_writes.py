"""What the bulk writer stores besides the rows: history, timeline, ids; and atomicity."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.factories import PersonFactory
from vorort.imports import services
from vorort.imports.bulk import IdPool, insert_with_history, new_row, uuid4_hex
from vorort.imports.models import ImportRun
from vorort.imports.services import import_persons, import_statuses
from vorort.people.models import (
    Address,
    HealthRecord,
    Household,
    HouseholdMember,
    Person,
    PersonLanguage,
    ResidenceStatus,
    TimelineEntry,
)
from vorort.work.models import WorkAccessFacts

from .conftest import FIXTURES

HEAD = (
    "Aktenzeichen;Nachname;Vorname;Geburtsdatum;Sprachen;Haushalt;Aufenthaltsstatus;"
    "Status gültig ab;Einreisedatum;Straße;PLZ;Ort\n"
)
MODELS = (
    Person,
    Household,
    HouseholdMember,
    ResidenceStatus,
    Address,
    PersonLanguage,
    WorkAccessFacts,
)


def _file(tmp_path: Path, rows: int, first: str = "Mo") -> Path:
    path = tmp_path / "p.csv"
    lines = [
        f"A-{n};Haddad;{first};01.01.1990;ar:L1, de:A2;Familie {n // 2};Duldung;01.01.2024;"
        f"15.01.2023;Weg {n};33098;Paderborn\n"
        for n in range(rows)
    ]
    path.write_text(HEAD + "".join(lines), encoding="utf-8")
    return path


def _counts() -> dict[Any, int]:
    with scopes_disabled():
        counts = {model: model.objects.count() for model in MODELS}
        counts.update({model.history.model: model.history.count() for model in MODELS})
        counts[TimelineEntry] = TimelineEntry.objects.count()
    return counts


def test_created_rows_have_history_timeline_and_fresh_ids(tenant: Any, tmp_path: Path) -> None:
    user = tenant.user("fallmanagement")
    with scope(kommune=tenant.kommune):
        gone = PersonFactory(kommune=tenant.kommune)
        gone_id = gone.pk
        gone.delete()
    result = import_persons(kommune=tenant.kommune, path=_file(tmp_path, 5), actor=user)
    assert result.summary() == "created=5 updated=0 unchanged=0 refused=0"
    persons = list(Person.objects.order_by("id"))
    # A deleted person's id is not given again (its history stays its own).
    assert persons[0].pk > gone_id
    assert len({p.uuid for p in persons}) == 5
    person = persons[0]
    assert (person.version, person.search_name) == (1, "mo haddad")
    assert person.created_at == person.updated_at
    for model in MODELS:
        rows = list(model.history.filter(id__in=model.objects.values("id")))
        assert rows, model
        assert {(h.history_type, h.history_change_reason, h.history_user_id) for h in rows} == {
            ("+", "spreadsheet import", user.pk)
        }
    history = person.history.get()
    assert (history.id, history.uuid, history.last_name) == (person.pk, person.uuid, "Haddad")
    assert Household.objects.count() == 3
    household = Household.objects.get(name="Familie 0")
    members = HouseholdMember.objects.filter(household=household).order_by("person__id")
    assert [m.relation for m in members] == ["reference", "other"]
    assert {(e.language, e.level) for e in person.languages.all()} == {("ar", "L1"), ("de", "A2")}
    assert person.work_facts.entry_date == dt.date(2023, 1, 15)
    entry = TimelineEntry.objects.get(person=person)
    assert (entry.kind, entry.summary, entry.actor) == (
        "person.imported",
        "Created by spreadsheet import.",
        user,
    )


def test_updated_rows_get_a_new_version_and_a_change_history(tenant: Any, tmp_path: Path) -> None:
    import_persons(kommune=tenant.kommune, path=_file(tmp_path, 2))
    before = Person.objects.get(file_reference="A-1")
    result = import_persons(kommune=tenant.kommune, path=_file(tmp_path, 2, first="Mohammed"))
    assert result.summary() == "created=0 updated=2 unchanged=0 refused=0"
    person = Person.objects.get(file_reference="A-1")
    assert (person.first_name, person.search_name, person.version) == (
        "Mohammed",
        "mohammed haddad",
        2,
    )
    assert person.updated_at > before.updated_at and person.created_at == before.created_at
    assert [h.history_type for h in person.history.order_by("history_id")] == ["+", "~"]
    assert person.history.latest("history_id").first_name == "Mohammed"
    assert TimelineEntry.objects.filter(person=person).count() == 2


def test_a_failure_while_writing_a_later_batch_leaves_nothing(
    tenant: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    before = _counts()
    original = services._flush
    calls: list[int] = []

    def flush_then_fail(context: Any, writes: Any) -> None:
        original(context, writes)  # the batch's rows are written ...
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")  # ... and then the third batch fails

    monkeypatch.setattr(services, "_flush", flush_then_fail)
    with pytest.raises(RuntimeError):
        import_persons(kommune=tenant.kommune, path=_file(tmp_path, 9), batch_size=2)
    assert len(calls) == 3
    assert _counts() == before
    assert ImportRun.objects.get().outcome == "failed"


def test_a_database_error_in_a_later_batch_leaves_nothing(
    tenant: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """A real constraint violation (a language twice for one person) in the second batch."""
    original = services.apply_person_row

    def language_twice(context: Any, row: Any, existing: Any, related: Any, writes: Any) -> None:
        original(context, row, existing, related, writes)
        if row.row == 5:
            writes.created[PersonLanguage].append(dict(writes.created[PersonLanguage][-1]))

    monkeypatch.setattr(services, "apply_person_row", language_twice)
    before = _counts()
    with pytest.raises(Exception, match=r"(?i)unique"):
        import_persons(kommune=tenant.kommune, path=_file(tmp_path, 6), batch_size=2)
    assert _counts() == before


def test_the_status_import_writes_history_too(tenant: Any) -> None:
    import_persons(kommune=tenant.kommune, path=FIXTURES / "persons_messy.xlsx")
    import_statuses(kommune=tenant.kommune, path=FIXTURES / "statuses.xlsx", skip_invalid=True)
    kinds = set(ResidenceStatus.history.values_list("history_type", "history_change_reason"))
    assert kinds == {("+", "spreadsheet import")}
    assert ResidenceStatus.history.count() == ResidenceStatus.objects.count()


def test_uuid4_hex_is_a_version_4_uuid() -> None:
    values = {uuid4_hex() for _ in range(200)}
    assert len(values) == 200
    for value in values:
        parsed = uuid.UUID(value)
        assert (parsed.hex, parsed.version, parsed.variant) == (value, 4, uuid.RFC_4122)


def test_history_leaves_out_excluded_fields(tenant: Any) -> None:
    """HealthRecord's history excludes the notes: the history row is written without them."""
    now = timezone.now()
    with scope(kommune=tenant.kommune):
        person = PersonFactory(kommune=tenant.kommune)
        row = new_row(
            HealthRecord,
            IdPool(HealthRecord),
            now,
            kommune_id=tenant.kommune.pk,
            person_id=person.pk,
            notes="vertraulich",
            severe_disability=True,
        )
        insert_with_history(HealthRecord, [row], user_id=None, reason="test", when=now)
        record = HealthRecord.objects.get()
        assert (record.notes, record.severe_disability, str(record.uuid.hex)) == (
            "vertraulich",
            True,
            row["uuid"],
        )
        history = record.history.get()
        assert (history.history_type, history.severe_disability) == ("+", True)
        assert not hasattr(history, "notes")
