"""Provenance: where a text came from. ``Corpus`` ingests documents into a single-file
store and traces a text to the stored documents it copies (duplicate, near-duplicate,
paraphrase, partial), with the shared passages aligned."""

from unspin.provenance.corpus import AnalysisReport, Corpus, IngestReport
from unspin.provenance.results import CheckReport, CopyFamilies, StoredAttribution, TracedDiff, TraceResult

__all__ = ["AnalysisReport", "CheckReport", "CopyFamilies", "Corpus", "IngestReport", "StoredAttribution",
           "TraceResult", "TracedDiff"]
