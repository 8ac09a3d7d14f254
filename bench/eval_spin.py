"""Spin detection: seed hits and false evidence on clean news (BBC).

    nice -n 10 python -m bench.eval_spin [--limit N] [--shared PATH]

Prints the seed's gold spin-evidence items found (a found item's span overlaps
the gold text's location), the seed's score, the BBC score distribution, how
many BBC articles score at or above the seed, and the evidence found in BBC
articles (all of it false: professional, unspun news) per 1,000 articles by kind.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from unspin.model import Document, Span
from unspin.nlp import load_nlp
from unspin.pipeline import analyze_parsed
from unspin.spin import detect_spin
from unspin.text.entities import find_entities

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def gold_spans(text: str, items: list[dict]) -> list[Span]:
    spans = []
    for item in items:
        i = text.find(item["text"])
        spans.append(Span.of(text, i, i + len(item["text"])) if i >= 0 else None)
    return spans


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--limit", type=int, default=0, help="only the first N BBC articles")
    ap.add_argument("--show", type=int, default=0, help="print up to N BBC evidence items")
    args = ap.parse_args(argv)
    shared = args.shared
    nlp = load_nlp()

    seed_text = (shared / "seed" / "bakhmut-spun.txt").read_text(encoding="utf-8")
    gold = json.loads((shared / "seed" / "bakhmut-gold.json").read_text(encoding="utf-8"))["spin_evidence"]
    seed = analyze_parsed(nlp(seed_text), "bakhmut-spun.txt")
    seed_spin = detect_spin(nlp(seed_text), seed.document, seed.entities, seed.attributions)
    found = 0
    for item, span in zip(gold["spin_evidence"] if isinstance(gold, dict) else gold, gold_spans(seed_text, gold)):
        hit = span is not None and any(e.span.overlaps(span) for e in seed_spin.evidence)
        found += hit
        print(f"  [{'x' if hit else ' '}] {item['text']!r}")
    print(f"seed items found: {found}/{len(gold)}")
    print(f"seed score: {seed_spin.score:.4f}  ({len(seed_spin.evidence)} evidence items)")

    tp_path = shared / "eval" / "tortured-phrases" / "tortured-phrases.json"
    if tp_path.exists():
        from unspin.spin.tortured import tortured_phrases

        ours = set(tortured_phrases())
        theirs = {" ".join(p["tortured"].lower().split()) for p in json.loads(tp_path.read_text())["phrases"]}
        print(
            f"tortured phrases: our list {len(ours)}, of which in the PPS list {len(ours & theirs)}; "
            f"PPS list covered {len(ours & theirs)}/{len(theirs)}"
        )

    files = sorted((shared / "corpora" / "bbc-news-2225").glob("*/*.txt"))
    if args.limit:
        files = files[: args.limit]
    texts = [(f.read_text(encoding="utf-8", errors="replace"), f) for f in files]
    scores: list[tuple[float, str]] = []
    kinds: Counter[str] = Counter()
    shown = 0
    t0 = time.perf_counter()
    spin_time = 0.0
    for sdoc, f in nlp.pipe(texts, as_tuples=True, batch_size=32):
        document = Document(text=sdoc.text, id=str(f))
        entities = find_entities(sdoc, document)
        t1 = time.perf_counter()
        spin = detect_spin(sdoc, document, entities, [])
        spin_time += time.perf_counter() - t1
        rel = f"{f.parent.name}/{f.name}"
        scores.append((spin.score, rel))
        for e in spin.evidence:
            kinds[e.kind] += 1
            if shown < args.show:
                shown += 1
                print(f"  {rel} {e.kind}: {e.span.text!r}  -- {e.explanation}")
    n = len(scores)
    vals = sorted(s for s, _ in scores)
    p99 = vals[min(n - 1, int(0.99 * n))]
    print(f"BBC articles: {n}  (parse+detect {time.perf_counter() - t0:.0f}s, detect {1000 * spin_time / n:.1f} ms/article)")
    print(f"BBC score: max {vals[-1]:.4f}  p99 {p99:.4f}  median {statistics.median(vals):.4f}")
    print(f"BBC articles scoring >= seed: {sum(s >= seed_spin.score for s in vals)}")
    top = sorted(scores, reverse=True)[:5]
    print("BBC top scores: " + ", ".join(f"{r} {s:.3f}" for s, r in top))
    print("false evidence per 1,000 BBC articles by kind:")
    for kind in sorted(set(kinds) | {e.kind for e in seed_spin.evidence}):
        print(f"  {kind:24s} {1000 * kinds[kind] / n:7.1f}")
    print(f"  {'total':24s} {1000 * sum(kinds.values()) / n:7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
