"""A refused safeguarding record, naming the field at fault so a form can point at it."""

from __future__ import annotations


class WorkflowError(ValueError):
    """A referral, decision or closure step that breaks a rule; ``field_name`` is the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field_name = field_name
        self.message = message


class NotFound(LookupError):
    """No record has this id."""
