"""What a caller chooses about an analysis, passed explicitly down the pipeline.

There are no switches in environment variables: a caller builds an options object
(the CLI from its flags, a bench ablation from its arguments) and hands it to
:func:`unspin.analyze`, :func:`unspin.analyze_many` or :func:`unspin.drift.diff`.
Two option sets can run side by side in one process. The defaults are the tuned
behaviour that every command used before the options existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MergePolicy = Literal["learned", "rule", "quote-learned-rule"]
MERGE_POLICIES: tuple[str, ...] = ("learned", "rule", "quote-learned-rule")


@dataclass(frozen=True, slots=True)
class AttributionOptions:
    """How attributed statements are found (each default tuned on PolNeAR dev, bench/eval_polnear.py).

    - ``learned``: add the CRF tagger's candidates to the rule finders' (False: rules
      alone, ``bench.eval_polnear --no-learned``; about a third of the cost).
    - ``merge_policy``: which candidates win an overlap (unspin/attribution/merge.py):
      ``"learned"`` first, ``"rule"`` first, or rule quotations, then learned, then rules.
    - ``drop_nocue``: drop a learned content that has no cue even after borrowing one.
    - ``cue_filter``: drop a learned candidate whose cue holds no word that can
      introduce a statement (a noun phrase misread as the cue).
    - ``strict_linking``: a learned content that no cue hangs from syntactically takes
      only a cue no other content claims, or one in its own sentence.
    - ``split_follow_on``: '"A," she said. "B."' read as two statements, B a follow-on
      quotation with no cue of its own credited to the same speaker (the default, as
      speakers-dev's GUIDELINES count them: bench.eval_speakers right of all gold 0.807 ->
      0.898, statements found 0.853 -> 0.944; our own set 0.829 -> 0.860), or as one
      (PolNeAR's reading; bench.eval_polnear joins follow-ons back when it scores).
    """

    learned: bool = True
    merge_policy: MergePolicy = "learned"
    drop_nocue: bool = True
    cue_filter: bool = True
    strict_linking: bool = True
    split_follow_on: bool = True

    def __post_init__(self) -> None:
        if self.merge_policy not in MERGE_POLICIES:
            raise ValueError(f"merge_policy must be one of {', '.join(MERGE_POLICIES)}, not {self.merge_policy!r}")


DEFAULT_ATTRIBUTION = AttributionOptions()
