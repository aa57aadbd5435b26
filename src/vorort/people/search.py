"""Name folding for accent- and umlaut-insensitive search (pure, no Django).

Both the stored ``search_name`` and every query are folded the same way, so "Müller",
"Mueller" and "Muller" all meet in "muller", "Şahin" in "sahin", "Hélène" in "helene".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "ʼ": "",
        "'": "",
        "’": "",
        "-": " ",
    }
)
# German transliterations of umlauts fold to the base vowel as well.
_DIGRAPHS = re.compile(r"(ae|oe|ue)")
_SPACES = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII form of ``text`` for matching; words separated by one space."""
    text = (text or "").lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    # Repeat until stable ("aee" -> "ae" -> "a"), so folding a folded text changes nothing.
    while (shorter := _DIGRAPHS.sub(lambda m: m.group(1)[0], text)) != text:
        text = shorter
    return _SPACES.sub(" ", text).strip()


def query_tokens(query: str) -> list[str]:
    """The folded words of a search query, at most five."""
    return [t for t in fold(query).split(" ") if t][:5]


_DATE_DE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_DATE_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")


def extract_date(query: str) -> tuple[dt.date | None, str]:
    """A birth date written in ``query`` ("12.03.1990" or "1990-03-12") and the rest of it.

    Returns ``(None, query)`` when there is no date, or when the written date does not exist
    (31.02.1990): such text then stays part of the query and simply matches nothing.
    """
    for pattern, order in ((_DATE_DE, (3, 2, 1)), (_DATE_ISO, (1, 2, 3))):
        match = pattern.search(query)
        if match is None:
            continue
        year, month, day = (int(match.group(i)) for i in order)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            return None, query
        rest = (query[: match.start()] + " " + query[match.end() :]).strip()
        return found, " ".join(rest.split())
    return None, query
