"""What can go wrong talking to a sync server, each as one line fit to show."""

from __future__ import annotations

from newsreader.document.clean import OneLineError


class SyncError(OneLineError):
    """A sync step that failed; ``str(error)`` is one clean line for the user (it may quote the server)."""


class LoginError(SyncError):
    """The server refused the user name or password (or the stored session)."""


class NotThatApi(SyncError):
    """The address answers, but not as the API the account speaks."""


class SessionExpired(SyncError):
    """The server no longer accepts the stored session token: log in again."""


class NotSupported(SyncError):
    """The protocol cannot do what was asked (Fever has no subscription editing)."""


class ServerError(SyncError):
    """The server answered one request with an error (5xx, or a refusal): that request failed,
    the connection and the session are fine."""
