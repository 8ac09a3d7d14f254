"""Attribution: every attributed statement with its speaker, cue, channel, relay and hedges."""

from unspin.attribution.extract import extract_attributions

__all__ = ["extract_attributions"]
