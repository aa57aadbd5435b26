"""Domain errors: raised by services, shown to the user as a message."""

from __future__ import annotations


class DomainError(Exception):
    """A refused change, with a translated message for the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConcurrentEditError(DomainError):
    """Someone else saved the object after this user opened it."""
