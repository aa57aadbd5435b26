"""Tolerant readers for single spreadsheet cells. Pure Python: no Django import.

Everything here turns one messy cell value into a clean Python value or raises
``CellError`` with a machine ``kind``; the Django side (``validate.py``) turns the kind into a
translated message that names row, column and value. Lookup tables (countries, languages,
documents) are passed in as plain dicts, so this module can be tested and benchmarked alone.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping

# Cells starting with one of these are escaped on export with a leading apostrophe
# (OWASP "CSV injection"); the importer strips that apostrophe again.
FORMULA_STARTS = ("=", "+", "-", "@")


class CellError(ValueError):
    """A cell that cannot be read. ``kind`` names the problem, ``detail`` the culprit."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def normalize_header(value: object) -> str:
    """A header for matching: case-folded, inner whitespace collapsed, outer removed."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\u00a0", " ").split()).casefold()


def lookup_key(value: str) -> str:
    """A key for name lookups: NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


#: What lists write into a cell that has nothing to say: read as an empty cell.
EMPTY_MARKERS = frozenset({"-", "--", "–", "—", "./.", "n/a", "N/A"})


def is_empty_marker(value: object) -> bool:
    """A text cell that only says "nothing here" ("-", "–", "./.")."""
    return type(value) is str and len(value) <= 6 and value.strip() in EMPTY_MARKERS


def cell_text(value: object) -> str:
    """A cell as trimmed text: integral floats lose their ``.0``; an escape apostrophe goes.

    Excel stores a number-looking Aktenzeichen, phone or postcode as a float (``33098.0``);
    ``None`` becomes the empty string.
    """
    if value is None:
        return ""
    if type(value) is str:
        # The common case, short: ASCII text is NFC already.
        text = (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
        if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@'":
            return text[1:]
        return text
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return format_date(value)
    # strip() removes outer no-break spaces too; inner ones are kept (round trip).
    text = unicodedata.normalize("NFC", str(value)).strip()
    return unescape_formula(text)


def escape_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    if text.startswith(FORMULA_STARTS) or text.startswith("'"):
        # An apostrophe itself is doubled so that unescaping is exact.
        return "'" + text
    return text


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula``: drop one leading apostrophe before = + - @ or '."""
    if len(text) >= 2 and text[0] == "'" and text[1] in "=+-@'":
        return text[1:]
    return text


_DATE_PATTERNS = (
    # TT.MM.JJJJ and T.M.JJJJ (also with two-digit day/month mixed).
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    # JJJJ-MM-TT (ISO 8601), with an optional time part that Excel exports add.
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$"), ("y", "m", "d")),
)


EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIAL_MIN = (dt.date(1910, 1, 1) - EXCEL_EPOCH).days
EXCEL_SERIAL_MAX = (dt.date(2099, 12, 31) - EXCEL_EPOCH).days


def parse_date(value: object) -> dt.date | None:
    """A date from an Excel date cell (also a number cell holding an Excel day number),
    ``TT.MM.JJJJ``, ``T.M.JJJJ`` or ``JJJJ-MM-TT``.

    Empty -> None. Raises CellError("date_format") for other text and
    CellError("date_impossible") for a day that does not exist (31.02.2020).
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A number cell: an Excel date whose cell lost its date format (serial day number,
        # counted from 30.12.1899), accepted from 01.01.1910 to 31.12.2099; a smaller
        # number (a year such as 1990) is no date.
        if EXCEL_SERIAL_MIN <= value <= EXCEL_SERIAL_MAX and float(value).is_integer():
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise CellError("date_format", cell_text(value))
    text = cell_text(value)
    if not text:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError as error:
                raise CellError("date_impossible", text) from error
    raise CellError("date_format", text)


def format_date(value: dt.date | None) -> str:
    """``TT.MM.JJJJ`` or empty."""
    if value is None:
        return ""
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def parse_choice(value: str, table: Mapping[str, str], kind: str) -> str:
    """The code for ``value`` in ``table`` (keys made with ``lookup_key``); empty -> ""."""
    if not value:
        return ""
    found = table.get(lookup_key(value))
    if found is None:
        raise CellError(kind, value)
    return found


_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


def parse_email(value: str) -> str:
    """A plausible e-mail address (the model's EmailValidator checks again on save)."""
    if value and not _EMAIL_RE.match(value):
        raise CellError("email", value)
    return value


def parse_postcode(value: str) -> str:
    """Five digits; a postcode that lost its leading zero in Excel (1067) is padded."""
    if not value:
        return ""
    if value[:2].upper() == "D-" and value[2:].isdigit():
        value = value[2:]  # the old "D-33098" of German addresses
    if value.isdigit() and len(value) < 5:
        value = value.zfill(5)
    if not (value.isdigit() and len(value) == 5):
        raise CellError("postcode", value)
    return value


# Level words in German and English, and the CEFR levels themselves.
LEVEL_WORDS = {
    "muttersprache": "L1",
    "erstsprache": "L1",
    "first language": "L1",
    "native": "L1",
    "l1": "L1",
    "keine kenntnisse": "0",
    "no knowledge": "0",
    "0": "0",
    **{level.casefold(): level for level in ("A1", "A2", "B1", "B2", "C1", "C2")},
}

_ITEM_WITH_PARENS = re.compile(r"^(?P<lang>.+?)\s*\((?P<level>[^()]*)\)$")
_ITEM_WITH_COLON = re.compile(r"^(?P<lang>[^:]+?)\s*:\s*(?P<level>.+)$")


def parse_languages(value: str, languages: Mapping[str, str]) -> list[tuple[str, str]]:
    """``"Arabisch (Muttersprache), Deutsch A2"`` or ``"ar:L1, de:A2"`` -> [(code, level)].

    Items are separated by ``,`` or ``;``. Each item is a language (German or English name or
    ISO code) followed by its level: in parentheses, after a colon, or after a space. The
    level is A1-C2, ``Muttersprache``/``L1`` or ``keine Kenntnisse``/``0``; a language
    without a level (``"Arabisch, Deutsch"``) gets the level ``""`` (not known). Raises
    CellError("language", item) for an unknown language, ("language_level", item) for an
    unknown level, ("language_twice", item) for a language listed twice.
    """
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for raw in re.split(r"[,;]", value or ""):
        item = " ".join(raw.split())
        if not item:
            continue
        # The whole item may be a name with parentheses ("Persisch (Farsi)") and no level.
        code = languages.get(lookup_key(item))
        level: str | None = ""
        if code is None:
            name, level_text = _split_language_item(item)
            code = languages.get(lookup_key(name))
            if code is None:
                raise CellError("language", name)
            level = LEVEL_WORDS.get(lookup_key(level_text)) if level_text else ""
        if level is None:
            raise CellError("language_level", item)
        if code in seen:
            raise CellError("language_twice", item)
        seen.add(code)
        result.append((code, level))
    return result


def _split_language_item(item: str) -> tuple[str, str]:
    match = _ITEM_WITH_PARENS.match(item) or _ITEM_WITH_COLON.match(item)
    if match:
        return match["lang"], match["level"]
    head, _sep, tail = item.rpartition(" ")
    if head and lookup_key(tail) in LEVEL_WORDS:
        return head, tail
    # "Arabisch Muttersprache" / "Deutsch keine Kenntnisse": try multi-word levels.
    folded = lookup_key(item)
    for word in LEVEL_WORDS:
        if " " in word and folded.endswith(" " + word):
            return item[: -len(word)].strip(), word
    return item, ""


def decode_csv(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def sniff_delimiter(text: str) -> str:
    """``;``, ``,`` or a tab: the one a line of the first ten non-empty lines (the header,
    or a title line above it) has most of, outside quotes; ``;`` wins a tie with ``,``, a
    tab must lead."""
    lines = [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()][:10]
    best = {";": 0, ",": 0, "\t": 0}
    for line in lines:
        unquoted = re.sub(r'"[^"]*"', "", line)
        for candidate in best:
            best[candidate] = max(best[candidate], unquoted.count(candidate))
    if best["\t"] > max(best[";"], best[","]):
        return "\t"
    return ";" if best[";"] >= best[","] and best[";"] else ","
