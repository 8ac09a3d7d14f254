"""The loaded models an analysis uses, built by the caller and passed down.

A :class:`Resources` holds the spaCy pipeline, the learned attribution tagger, the
static sentence embedder and the contextual sentence model. Each is loaded on first
use, once per ``Resources`` (two threads asking at once wait for one load), and then
shared by every call given that object: the server builds one for its process, a
library user one for theirs, a test a fresh one to count loads. ``Resources.default()``
is the one the CLI and plain ``unspin.analyze(text)`` use when given none.

A ``Resources`` sent to another process (a spawned worker, a Ray task) travels empty
and loads there on first use; a forked worker inherits the loaded models' pages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language

    from unspin.attribution.learned import CrfTagger
    from unspin.provenance.embed import StaticEmbedder
    from unspin.text.sentence_model import SentenceModel

_NAMES = ("nlp", "tagger", "embedder", "sentence_model")


def _build_nlp():
    from unspin import nlp

    return nlp.build_nlp()


def _build_tagger():
    from unspin.attribution import learned

    return learned.load_tagger()


def _build_embedder():
    from unspin.provenance.embed import StaticEmbedder

    return StaticEmbedder()


def _build_sentence_model():
    from unspin.text.sentence_model import SentenceModel

    return SentenceModel()


_BUILDERS: dict[str, Callable[[], Any]] = {
    "nlp": _build_nlp, "tagger": _build_tagger, "embedder": _build_embedder, "sentence_model": _build_sentence_model,
}
_UNSET = object()


class Resources:
    """Pipeline, tagger, embedder and sentence model, each loaded lazily and once.

    Any of them may be given ready-made (``Resources(nlp=my_pipeline)``); ``tagger=None``
    given explicitly means no learned tagger (the rule finders alone).
    """

    def __init__(self, *, nlp: Any = _UNSET, tagger: Any = _UNSET, embedder: Any = _UNSET,
                 sentence_model: Any = _UNSET) -> None:
        self._loaded: dict[str, Any] = {
            k: v for k, v in zip(_NAMES, (nlp, tagger, embedder, sentence_model)) if v is not _UNSET
        }
        self._locks = {name: threading.Lock() for name in _NAMES}  # one per model: loads do not wait on each other

    def _get(self, name: str) -> Any:
        try:
            return self._loaded[name]
        except KeyError:
            pass
        with self._locks[name]:
            if name not in self._loaded:
                self._loaded[name] = _BUILDERS[name]()
            return self._loaded[name]

    @property
    def nlp(self) -> "Language":
        """The spaCy pipeline with unspin's components (:func:`unspin.nlp.build_nlp`)."""
        return self._get("nlp")

    @property
    def tagger(self) -> "CrfTagger | None":
        """The learned attribution tagger, or None when its model file is not installed."""
        return self._get("tagger")

    @property
    def embedder(self) -> "StaticEmbedder":
        """The static sentence embedder of provenance and drift alignment."""
        return self._get("embedder")

    @property
    def sentence_model(self) -> "SentenceModel":
        """The contextual MiniLM encoder (corroboration); loading takes a few seconds."""
        return self._get("sentence_model")

    def reset_locks(self) -> None:
        """New locks for this object and its loaded models, in a forked child: a lock another
        thread of the parent held at the fork would stay held in the child for ever."""
        self._locks = {name: threading.Lock() for name in _NAMES}
        for model in self._loaded.values():
            if hasattr(model, "_lock"):
                model._lock = threading.Lock()

    def loaded(self) -> frozenset[str]:
        """The names of the models loaded (or given) so far."""
        return frozenset(self._loaded)

    def __getstate__(self) -> dict:
        return {}  # models are not sent between processes: the receiver loads its own

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    @classmethod
    def default(cls) -> "Resources":
        """The process's default resources, for the CLI and calls given none (built on first use)."""
        global _default
        if _default is None:
            with _default_lock:
                if _default is None:
                    _default = cls()
        return _default


_default: Resources | None = None
_default_lock = threading.Lock()


def resolve(resources: Resources | None) -> Resources:
    """``resources``, or the default ones when None."""
    return resources if resources is not None else Resources.default()
