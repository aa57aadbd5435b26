"""The pure cell readers: dates, languages, formula escaping, CSV decoding."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vorort.imports.parsing import (
    CellError,
    cell_text,
    decode_csv,
    escape_formula,
    lookup_key,
    normalize_header,
    parse_date,
    parse_languages,
    parse_postcode,
    sniff_delimiter,
    unescape_formula,
)

LANGS = {"arabisch": "ar", "ar": "ar", "deutsch": "de", "de": "de", "persisch (farsi)": "fa"}


@pytest.mark.parametrize(
    "value",
    [
        "04.07.1990",
        "4.7.1990",
        "1990-07-04",
        dt.datetime(1990, 7, 4),
        dt.date(1990, 7, 4),
        " 4.7.1990 ",
        33058,  # a number cell: the Excel day number of 04.07.1990
        33058.0,
    ],
)
def test_it_reads_every_date_format(value: object) -> None:
    assert parse_date(value) == dt.date(1990, 7, 4)


def test_it_refuses_impossible_and_unknown_dates() -> None:
    with pytest.raises(CellError) as impossible:
        parse_date("31.02.2020")
    assert impossible.value.kind == "date_impossible"
    with pytest.raises(CellError) as unknown:
        parse_date("July 4th")
    assert unknown.value.kind == "date_format"
    # A year alone, a day number as text (CSV), a fraction, a two-digit year: no date.
    for value in (1990, "33058", 33058.5, "01.02.90", True):
        with pytest.raises(CellError) as not_a_date:
            parse_date(value)
        assert not_a_date.value.kind == "date_format", value


def test_it_reads_languages_in_both_notations() -> None:
    expected = [("ar", "L1"), ("de", "A2")]
    assert parse_languages("Arabisch (Muttersprache), Deutsch A2", LANGS) == expected
    assert parse_languages("ar:L1; de: a2", LANGS) == expected
    assert parse_languages("Persisch (Farsi) (B2)", LANGS) == [("fa", "B2")]
    # Without a level: recorded with the level not known (""); a name with parentheses too.
    assert parse_languages("Arabisch, Deutsch", LANGS) == [("ar", ""), ("de", "")]
    assert parse_languages("Persisch (Farsi)", LANGS) == [("fa", "")]
    with pytest.raises(CellError) as unknown_level:
        parse_languages("Deutsch (gut)", LANGS)
    assert unknown_level.value.kind == "language_level"
    with pytest.raises(CellError) as twice:
        parse_languages("de:A1, Deutsch (B1)", LANGS)
    assert twice.value.kind == "language_twice"


def test_it_matches_headers_loosely_and_trims_cells() -> None:
    assert normalize_header("  Status  GÜLTIG ab ") == normalize_header("Status gültig ab")
    assert cell_text(" Müller \u00a0") == "Müller"
    assert cell_text("Abu\u00a0Bakr") == "Abu\u00a0Bakr"
    assert cell_text(33098.0) == "33098"
    assert parse_postcode("1067") == "01067"


@given(st.text())
def test_formula_escaping_round_trips(text: str) -> None:
    escaped = escape_formula(text)
    assert not escaped.startswith(("=", "+", "-", "@"))
    assert unescape_formula(escaped) == text


def test_it_decodes_windows_1252_and_sniffs_the_separator() -> None:
    assert decode_csv("Straße;Ort".encode("cp1252")) == "Straße;Ort"
    assert decode_csv("\ufeffStraße".encode()) == "Straße"
    assert sniff_delimiter("a;b;c\n1,5;2;3") == ";"
    assert sniff_delimiter('a,b,"c;d"\n') == ","


def test_postcodes_lose_a_country_prefix_and_regain_a_leading_zero() -> None:
    assert parse_postcode("D-33098") == "33098"
    assert parse_postcode("1067") == "01067"
    with pytest.raises(CellError):
        parse_postcode("D-3309x")


@pytest.mark.parametrize(
    ("raw", "code"),
    [("weibl.", "f"), ("Männl.", "m"), ("div.", "d"), ("k. A.", "x"), ("W", "f"), ("male", "m")],
)
def test_gender_abbreviations(raw: str, code: str) -> None:
    from vorort.imports.validate import genders_table

    assert genders_table()[lookup_key(raw)] == code
