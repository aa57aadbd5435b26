"""``vorort work-access``: JSON in, JSON out; exit 2 naming the field on a malformed case."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from vorort.cli import main as vorort
from vorort.work.engine import evaluate

CASES = Path(__file__).parent / "cases"
CASE_01 = CASES / "shared" / "01-gestattung-ae-before-waiting-period.json"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("work-access", *args, stdout=out)
    return out.getvalue()


def test_one_case_prints_the_answer() -> None:
    text = run(str(CASE_01))
    answer = json.loads(text)
    assert answer == evaluate(json.loads(CASE_01.read_text(encoding="utf-8")))
    assert answer["next_change"] == {"date": "2026-10-08", "decision": "entitled"}
    assert "\n  " in text  # indented
    assert "Beschäftigungserlaubnis" in text  # ensure_ascii=False


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(CASE_01.read_text(encoding="utf-8")))
    assert json.loads(run("-"))["decision"] == "prohibited"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c.pop("evaluation_date"), "evaluation_date"),
        (lambda c: c.update(evaluation_date="2026-02-31"), "evaluation_date"),
        (lambda c: c.update(activity="gardening"), "activity"),
        (lambda c: c["documents"][0].update(type="passport"), "documents[0].type"),
        (lambda c: c["documents"][0].update(to="2020-01-01"), "documents[0].to"),
    ],
)
def test_malformed_case_exits_2_naming_the_field(tmp_path: Path, change, field: str) -> None:
    raw = json.loads(CASE_01.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        run(str(path))
    assert raised.value.returncode == 2
    assert str(raised.value).startswith(f"{field}: ")


def test_invalid_json_and_missing_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON") as raised:
        run(str(path))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="cannot read") as raised:
        run(str(tmp_path / "absent.json"))
    assert raised.value.returncode == 2
    with pytest.raises(CommandError, match="case file is required"):
        run()


def test_the_process_exit_code_is_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connections, "close_all", lambda: None)
    path = tmp_path / "case.json"
    path.write_text('{"evaluation_date": "2026-09-15", "activity": "flying"}', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        vorort(["vorort", "work-access", str(path)])
    assert exited.value.code == 2
    assert "activity: unknown value 'flying'" in capsys.readouterr().err


def test_batch_jsonl_answers_each_line_in_order(tmp_path: Path) -> None:
    files = sorted((CASES / "shared").glob("*.json"))[:3]
    lines = [json.dumps(json.loads(f.read_text(encoding="utf-8"))) for f in files]
    batch = tmp_path / "cases.jsonl"
    batch.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    out = run("--batch", str(batch)).splitlines()
    assert len(out) == 3
    for line, file in zip(out, files, strict=True):
        expected = json.loads(file.read_text(encoding="utf-8"))["expected"]["decision"]
        assert json.loads(line)["decision"] == expected


def test_batch_with_a_malformed_line_answers_the_others_then_exits_2(tmp_path: Path) -> None:
    good = json.dumps(json.loads(CASE_01.read_text(encoding="utf-8")))
    batch = tmp_path / "cases.jsonl"
    batch.write_text(
        "\n".join([good, '{"evaluation_date": "x", "activity": "employment"}', "[", good]),
        encoding="utf-8",
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 of 4 cases malformed") as raised:
        call_command("work-access", "--batch", str(batch), stdout=out)
    assert raised.value.returncode == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(rows) == 4
    assert rows[0]["decision"] == rows[3]["decision"] == "prohibited"
    assert rows[1] == {
        "error": rows[1]["error"],
        "field": "evaluation_date",
        "line": 2,
    }
    assert rows[1]["error"].startswith("evaluation_date: not a date")
    assert rows[2]["line"] == 3 and "not valid JSON" in rows[2]["error"]


def test_batch_folder_of_json_files() -> None:
    out = run("--batch", str(CASES / "shared")).splitlines()
    rows = [json.loads(line) for line in out]
    assert len(rows) == len(list((CASES / "shared").glob("*.json")))
    assert [row["file"] for row in rows] == sorted(row["file"] for row in rows)


def test_counting_and_options_on_the_command_line() -> None:
    answer = json.loads(run(str(CASE_01), "--counting", "event_day"))
    assert answer["next_change"]["date"] == "2026-10-07"
    case_11 = CASES / "shared" / "11-v3-municipality-discretion-then-entitlement.json"
    answer = json.loads(run(str(case_11), "--option", "v2_v3_entitlement_outside_ae=false"))
    assert answer["next_change"] == {"date": "2026-06-12", "decision": "entitled"}
    with pytest.raises(CommandError, match=r"options\.nonsense: unknown option"):
        run(str(CASE_01), "--option", "nonsense=1")
    with pytest.raises(CommandError, match="KEY=VALUE"):
        run(str(CASE_01), "--option", "novalue")


@pytest.mark.parametrize(
    "change",
    [
        # A document "valid until further notice" written as the last representable day.
        lambda c: c["documents"][0].update(to="9999-12-31"),
        lambda c: c["reception_facility"][0].update(to="9999-12-31"),
        # Everything at the far end of the calendar: periods would end after 9999.
        lambda c: (
            c.update(evaluation_date="9999-12-15"),
            c["asylum"].update(
                request_date="9999-12-01", registration_date="9999-12-01",
                application_date="9999-12-01",
            ),
            c["documents"][0].update(**{"from": "9999-12-01"}),
            c["reception_facility"][0].update(**{"from": "9999-12-01"}),
        ),
        # Unknown permit section and extra fields are accepted.
        lambda c: c.update(
            documents=[{"type": "residence_permit", "section": "18a", "from": "2026-01-01",
                        "to": None, "remark": "x"}],
            extra={"a": 1},
        ),
    ],
)  # fmt: skip
def test_odd_but_valid_cases_are_answered(tmp_path: Path, change) -> None:
    raw = json.loads(CASE_01.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    answer = json.loads(run(str(path)))
    assert answer["decision"] in {"free", "entitled", "as_a_rule", "discretion", "prohibited"}
    if answer["next_change"] is not None:
        assert answer["next_change"]["date"] < "9999-12-31"
