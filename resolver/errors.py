"""Errors the resolver raises when input cannot be used at all (everything else is a diagnostic)."""

from __future__ import annotations


class StoreLayersError(Exception):
    """Base of the errors a user sees as one clear line (CLI exit 2, a message box in the app)."""


class WorkspaceError(StoreLayersError):
    """The given folder is not a workspace (missing, a file, or no `apps/`)."""


class UnknownStoreError(StoreLayersError):
    """No store has the given id or path."""


class UnknownAppError(StoreLayersError):
    """No base app has the given name."""


class BadConfigError(StoreLayersError):
    """`alokai.config.json` is unusable where guessing is not allowed (affected, report)."""


class GitError(StoreLayersError):
    """git failed or is missing."""


class WriteRefused(StoreLayersError):
    """A write (scaffold, removal, compose) was refused; nothing was changed."""
