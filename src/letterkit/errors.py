"""One family of errors, turned into one-line messages at the CLI boundary.

Every error letterkit raises on purpose derives from :class:`LetterkitError`. The message is
complete on its own: it names the file, row, line or field, so the CLI prints it as is.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Exit codes, documented for scripts (see README)."""

    OK = 0
    ERROR = 1
    USAGE = 2  # bad input: campaign, template, data, options
    BATCH_FAILED = 3  # a batch finished, but some rows failed
    INTERRUPTED = 130


class LetterkitError(Exception):
    """Base class: a problem the user can fix, with a message that says what and where."""

    exit_status: ExitStatus = ExitStatus.USAGE


class CampaignError(LetterkitError):
    """A campaign folder is missing, malformed or incomplete."""


class TemplateError(LetterkitError):
    """A letter template fails to parse or render (names file, line and field)."""


class DataError(LetterkitError):
    """Input data (a spreadsheet row, a profile field) is invalid."""


class ConfigError(LetterkitError):
    """The sender profile or configuration is missing or invalid."""


class ChoiceError(LetterkitError):
    """An unknown campaign, target, language or option value; the message lists valid choices."""


class OutputError(LetterkitError):
    """Writing a file would overwrite something, or the output cannot be written."""

    exit_status = ExitStatus.ERROR


class FontCoverageError(LetterkitError):
    """The chosen fonts cannot draw some characters of a letter."""


class DeliveryError(LetterkitError):
    """A channel (email, fax, post) cannot be used for a target, or sending failed."""

    exit_status = ExitStatus.ERROR
