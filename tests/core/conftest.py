"""The core tests assert the English msgids of their messages: run them in English.

The middleware falls back to ``LANGUAGE_CODE`` when no language was chosen, and code outside
a request (validators, commands) uses the active translation. That German is the default is
asserted in tests/test_smoke.py and tests/test_german_ui.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
