"""The errors every reporting function raises; the UI shows str(error) to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from data.i18n import t


class ReportingError(Exception):
    """Base class: a refused operation; nothing was stored. str() is English; `key` and `params` name the
    string-table entry (data/i18n.py) the app shows in the reader's language."""

    def __init__(self, message: str = "", *, key: str | None = None, params: dict | None = None):
        super().__init__(message)
        self.key, self.params = key, params or {}

    @classmethod
    def of(cls, key: str, **params):
        """The error whose English text is the string table's entry `key` with `params`."""
        return cls(t(key, "en", **params), key=key, params=params)


class PermissionDenied(ReportingError):
    """The acting user's role or area does not allow this write."""


class NotFound(ReportingError):
    pass


class StoreBusy(ReportingError):
    """Other writers held the store for longer than a write may wait (db.WRITE_WAIT_S); nothing was stored.
    Raised instead of the driver's "database is locked", deadlock or lock-timeout error."""


class ConflictError(ReportingError):
    """The row changed since the version the write was based on (or a row with the same key exists).

    str(error) is "changed by <user> at <time>"; `current` holds the row as it is now, so the UI can show it
    and let the user re-apply the change on top of it. The refused figure is kept in the audit log."""

    def __init__(
        self,
        changed_by: str,
        changed_at: str,
        *,
        entity: str,
        entity_id,
        base_version: int | None,
        current: dict | None = None,
    ):
        super().__init__(
            f"changed by {changed_by} at {changed_at}",
            key="err_changed",
            params={"name": changed_by, "time": changed_at},
        )
        self.changed_by, self.changed_at = changed_by, changed_at
        self.entity, self.entity_id, self.base_version = entity, entity_id, base_version
        self.current = current or {}

    @property
    def exists(self) -> bool:
        """The write was a first save (no base version) of something that already exists: e.g. a figure for a
        target, area and year that was reported before, to be corrected rather than submitted again."""
        return self.base_version is None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input row (row None: the whole file or a single API call). `reason` is the
    English text; `key` and `params`, where given, name the string-table entry the UI shows instead."""

    row: int | None
    field: str
    reason: str
    key: str | None = field(default=None, compare=False)
    params: dict | None = field(default=None, compare=False, hash=False)

    def __str__(self) -> str:
        return (
            f"row {self.row}, {self.field}: {self.reason}" if self.row is not None else f"{self.field}: {self.reason}"
        )


def problem(row: int | None, field: str, key: str, /, **params) -> Problem:
    """A Problem whose reason is the string table's entry `key` (English) with `params`."""
    return Problem(row, field, t(key, "en", **params), key, params)


class ValidationError(ReportingError, ValueError):
    """Invalid input; `problems` lists every one (str(error) joins them one per line)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
