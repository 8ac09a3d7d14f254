"""Corroboration: who else reports a claim, and how many independent sources stand behind it."""

from unspin.corroboration.engine import CorroborateOptions, Corroborator, corroborate
from unspin.corroboration.results import Corroboration, Origin, Report

__all__ = ["CorroborateOptions", "Corroboration", "Corroborator", "Origin", "Report", "corroborate"]
