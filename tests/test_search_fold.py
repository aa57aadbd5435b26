from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vorort.people.search import fold, query_tokens


def test_umlauts_and_their_transliteration_meet():
    assert fold("Müller") == fold("Mueller") == fold("Muller") == "muller"


def test_turkish_and_french_accents_are_dropped():
    assert fold("Şahin") == "sahin"
    assert fold("Özdemir") == fold("Oezdemir") == "ozdemir"
    assert fold("Hélène") == "helene"


def test_sharp_s_and_hyphens():
    assert fold("Groß-Straße") == "gross strasse"


def test_query_tokens_are_folded_words():
    assert query_tokens("  Amina  Al-Haddad ") == ["amina", "al", "haddad"]


@given(st.text(max_size=40))
def test_fold_is_idempotent_and_ascii(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()
