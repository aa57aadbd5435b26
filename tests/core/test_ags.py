"""The official municipality key (AGS) check."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from vorort.core.ags import validate_ags


def message(value: str, state: str | None = None) -> str:
    with pytest.raises(ValidationError) as raised:
        validate_ags(value, state)
    return " ".join(raised.value.messages)


def test_paderborn_is_a_valid_ags_in_nrw():
    validate_ags("05774032", "05")
    validate_ags("05774032")


def test_city_states_have_zeros():
    validate_ags("11000000", "11")  # Berlin
    validate_ags("02000000", "02")  # Hamburg


def test_seven_digits_are_refused():
    assert "exactly 8 digits" in message("5774032")
    assert "5774032" in message("5774032")


def test_letters_are_refused():
    assert "exactly 8 digits" in message("05774O32")


def test_an_unknown_state_key_is_refused():
    text = message("17000000")
    assert "Unknown AGS “17000000”" in text
    assert "17 is not the key of a German state" in text


def test_state_key_00_is_refused():
    assert "00 is not the key" in message("00774032")


def test_an_ags_of_another_state_is_refused():
    text = message("05774032", "09")
    assert "05774032" in text
    assert "Nordrhein-Westfalen" in text
    assert "Bayern" in text


def test_an_unknown_given_state_is_refused_cleanly():
    assert "Unknown state key “17”" in message("05774032", "17")


def test_a_kreis_part_of_00_is_refused_outside_city_states():
    assert "Kreis part" in message("05700032")
