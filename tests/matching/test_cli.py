"""``vorort match housing``: the contract of issue 3."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vorort.matching.generate import generate, instance_to_json

from .test_model_and_parse import GOOD


def _write(tmp_path: Path, data: object, name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_good_file_gives_every_household_once(tmp_path: Path) -> None:
    instance = generate(40, 30, seed=4)
    path = _write(tmp_path, instance_to_json(instance))
    out = io.StringIO()
    call_command("match", "housing", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) == {
        "assignments",
        "unassigned",
        "persons_housed",
        "optimal",
        "gap",
        "solve_seconds",
    }
    ids = [a["household"] for a in result["assignments"]] + [
        u["household"] for u in result["unassigned"]
    ]
    assert sorted(ids) == sorted(h.id for h in instance.households)
    assert len({a["apartment"] for a in result["assignments"]}) == len(result["assignments"])
    assert all(a["reasons"] for a in result["assignments"])
    assert all(u["reasons"] for u in result["unassigned"])
    persons = {h.id: h.persons for h in instance.households}
    assert result["persons_housed"] == sum(persons[a["household"]] for a in result["assignments"])
    assert result["optimal"] is True and result["gap"] == 0.0


def test_out_writes_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    target = tmp_path / "result.json"
    out = io.StringIO()
    call_command("match", "housing", str(path), "--out", str(target), stdout=out)
    assert out.getvalue() == ""
    assert json.loads(target.read_text())["persons_housed"] == 4


def _mutated(change) -> dict:  # type: ignore[no-untyped-def, type-arg]
    data = json.loads(json.dumps(GOOD))
    change(data)
    return data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_mutated(lambda d: d["households"][0].pop("id")), "households[0].id: missing"),
        (
            _mutated(lambda d: d["apartments"][0].update(rent=-1.5)),
            "apartments[0].rent: must be ≥ 0, got -1.5",
        ),
        (
            _mutated(lambda d: d["apartments"].append(dict(d["apartments"][0]))),
            "apartments[1].id: duplicate id 'a1'",
        ),
        (
            _mutated(lambda d: d["households"][0].update(persons=0)),
            "households[0].persons: must be ≥ 1, got 0",
        ),
        (_mutated(lambda d: d.pop("households")), "households: missing"),
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
    ],
)
def test_a_malformed_file_exits_2_naming_the_field(
    tmp_path: Path, content: object, message: str
) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(CommandError) as error:
        call_command("match", "housing", str(path), stdout=io.StringIO())
    assert error.value.returncode == 2
    assert message in str(error.value)


def test_integer_ids_come_back_as_integers(tmp_path: Path) -> None:
    data = _mutated(lambda d: None)
    for number, household in enumerate(data["households"], start=1):
        household["id"] = number
    for number, apartment in enumerate(data["apartments"], start=101):
        apartment["id"] = number
    out = io.StringIO()
    call_command("match", "housing", str(_write(tmp_path, data)), stdout=out)
    result = json.loads(out.getvalue())
    given = {h["id"] for h in data["households"]}
    returned = [a["household"] for a in result["assignments"]]
    returned += [u["household"] for u in result["unassigned"]]
    assert sorted(returned) == sorted(given)  # integers, each once
    assert all(isinstance(a["apartment"], int) for a in result["assignments"])
    # 1 and "1" are the same id.
    data["households"].append(dict(data["households"][0], id="1"))
    with pytest.raises(CommandError, match=r"households\[1\]\.id: duplicate id '1'"):
        call_command("match", "housing", str(_write(tmp_path, data)), stdout=io.StringIO())


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("match", "housing", str(tmp_path / "nope.json"))
    assert error.value.returncode == 2
    assert "cannot read" in str(error.value)


def test_dash_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(GOOD)))
    out = io.StringIO()
    call_command("match", "housing", "-", stdout=out)
    assert json.loads(out.getvalue())["assignments"][0]["apartment"] == "a1"


def test_the_real_command_exits_2_with_the_message_on_stderr() -> None:
    vorort = str(Path(sys.executable).parent / "vorort")
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")])}
    bad = subprocess.run(  # noqa: S603 - our own entry point
        [vorort, "match", "housing", "-"],
        input=json.dumps(_mutated(lambda d: d["households"][0].update(persons=0))),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert bad.returncode == 2
    assert "households[0].persons: must be ≥ 1, got 0" in bad.stderr
    assert bad.stdout == ""
