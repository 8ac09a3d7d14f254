"""Errors unspin reports to users as one clear line (never a traceback)."""


class UnspinError(Exception):
    """Base class: the message is shown to the user as it is."""


class InputError(UnspinError):
    """An input that cannot be analysed: missing, empty, binary, undecodable, too large..."""
