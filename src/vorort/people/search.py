"""Name folding for accent- and umlaut-insensitive search (pure, no Django).

Both the stored ``search_name`` and every query are folded the same way, so "Müller",
"Mueller" and "Muller" all meet in "muller", "Şahin" in "sahin", "Hélène" in "helene".
"""

from __future__ import annotations

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
    text = _DIGRAPHS.sub(lambda m: m.group(1)[0], text)
    return _SPACES.sub(" ", text).strip()


def query_tokens(query: str) -> list[str]:
    """The folded words of a search query, at most five."""
    return [t for t in fold(query).split(" ") if t][:5]
