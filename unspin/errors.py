"""Errors unspin reports to users as one clear line (never a traceback)."""


class UnspinError(Exception):
    """Base class: the message is shown to the user as it is."""


class InputError(UnspinError):
    """An input that cannot be analysed: missing, empty, binary, undecodable, too large..."""


class TooLarge(InputError):
    """An input over one of the size limits (a file's bytes, a text's characters)."""
