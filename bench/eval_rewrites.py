"""Drift on copies paraphrased by people: planted changes caught, false alarms on faithful rewording.

    nice -n 10 .venv/bin/python -m bench.eval_rewrites [--set dev|ours|all] [--only 07] [--show]

Sets: ``dev`` is ../shared/eval/rewrites-dev (NN.source.txt, NN.copy.txt, gold.jsonl);
``ours`` is bench/data/rewrites (our own hand-written copies, NN.copy.txt and gold.jsonl
of the same format; each source is read from ../shared/corpora by its ``source_id``:
``<topic>/<NNN>.txt`` for BBC News, a ReCOVery record id otherwise).

Rules (rewrites-dev/README.md), on ``diff(source, copy).edits``; "m/h" is an edit of
severity medium or high. A gold edit's span on each side is the first occurrence of its
``source`` / ``copy`` string in that text.
- caught: a m/h edit overlaps the planted copy span (dropped-text: its source span).
- right category: a m/h edit overlapping it has the gold category, or an accepted one:
  modality as hedge, scope as meaning-shift, number or hedge; quote-altered and
  attribution-removed count in any category (the README's rule; the strict share, same
  category only, is printed beside it).
- precision (over the changed copies; faithful ones are scored apart): share of m/h edits overlapping a planted change on either side (an edit's
  source span the planted source span, or its copy span the planted copy span).
- faithful copies: m/h edits per copy, and the share of faithful copies with no high edit.
- dropped paragraphs (informative): each ``dropped_paragraphs`` entry (a paragraph's opening
  words) is reported when a dropped-text edit of any severity covers them on the source side.
Per-copy lines; ``--show`` lists each false alarm (m/h edit overlapping no planted change)
and each miss with the edits that touch it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench.spinner import SHARED

DEV = SHARED / "eval" / "rewrites-dev"
OURS = Path(__file__).parent / "data" / "rewrites"
CORPORA = SHARED / "corpora"
MH = ("medium", "high")
ACCEPT = {"modality": {"hedge", "modality"}, "scope": {"scope", "meaning-shift", "number", "hedge"}}
ANY_CATEGORY = {"quote-altered", "attribution-removed"}


def corpus_text(source_id: str) -> str:
    bbc = CORPORA / "bbc-news-2225" / source_id
    if bbc.is_file():
        return bbc.read_bytes().decode("utf-8", errors="replace")
    with (CORPORA / "recovery-covid-news" / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] == source_id:
                return rec["body_text"]
    raise KeyError(f"no corpus article with id {source_id!r}")


def load_set(folder: Path) -> list[dict]:
    """Gold records with ``source_text`` and ``copy_text`` filled in."""
    out = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        src_file = folder / g.get("source_file", "")
        g["source_text"] = src_file.read_text(encoding="utf-8") if g.get("source_file") and src_file.is_file() \
            else corpus_text(g["source_id"])
        g["copy_text"] = (folder / g["copy"]).read_text(encoding="utf-8")
        out.append(g)
    return out


def _find(text: str, needle: str | None) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle)
    if i < 0:
        raise ValueError(f"gold span {needle!r} not found")
    return i, i + len(needle)


def _ov(span, rng: tuple[int, int] | None) -> bool:
    if span is None or rng is None:
        return False
    if span.start == span.end:
        return rng[0] <= span.start <= rng[1]
    return span.start < rng[1] and rng[0] < span.end


def touches(e, g: dict) -> bool:
    """The edit overlaps the planted change on either side (precision)."""
    return _ov(e.source, g["_s"]) or _ov(e.copy, g["_c"])


def catches(e, g: dict) -> bool:
    """The edit overlaps the planted change's copy span (dropped-text: its source span)."""
    if g["category"] == "dropped-text":
        return _ov(e.source, g["_s"])
    return _ov(e.copy, g["_c"])


def right_category(e, g: dict, strict: bool = False) -> bool:
    if e.category == g["category"]:
        return True
    if strict:
        return e.category in ACCEPT.get(g["category"], ())
    return g["category"] in ANY_CATEGORY or e.category in ACCEPT.get(g["category"], ())


def fmt(e) -> str:
    s = e.source.text if e.source is not None else None
    c = e.copy.text if e.copy is not None else None
    return f"[{e.category}/{e.severity}] {s!r} -> {c!r}: {e.explanation}"


def score(records: list[dict], diff, show: bool) -> dict:
    tot = dict(planted=0, caught=0, right=0, strict=0, mh=0, tp=0, faithful=0, faithful_mh=0, faithful_nohigh=0,
               secs=0.0, dropped=0, dropped_found=0)
    for g in records:
        t0 = time.perf_counter()
        drift = diff(g["source_text"], g["copy_text"])
        tot["secs"] += time.perf_counter() - t0
        for pe in g["edits"]:
            pe["_s"], pe["_c"] = _find(g["source_text"], pe.get("source")), _find(g["copy_text"], pe.get("copy"))
        mh = [e for e in drift.edits if e.severity in MH]
        tp = [e for e in mh if any(touches(e, pe) for pe in g["edits"])]
        caught = right = strict = 0
        misses = []
        for pe in g["edits"]:
            hits = [e for e in mh if catches(e, pe)]
            caught += bool(hits)
            right += any(right_category(e, pe) for e in hits)
            strict += any(right_category(e, pe, strict=True) for e in hits)
            if not any(right_category(e, pe, strict=True) for e in hits):
                misses.append((pe, [e for e in drift.edits if catches(e, pe) or touches(e, pe)]))
        n_high = sum(e.severity == "high" for e in mh)
        for para in g.get("dropped_paragraphs", []):
            rng = _find(g["source_text"], para)
            tot["dropped"] += 1
            found = any(e.category == "dropped-text" and e.copy is None and _ov(e.source, rng) for e in drift.edits)
            tot["dropped_found"] += found
            if show and not found:
                print(f"      DROPPED PARAGRAPH NOT REPORTED {para!r}")
        tot["planted"] += len(g["edits"])
        tot["caught"] += caught
        tot["right"] += right
        tot["strict"] += strict
        if g["kind"] != "faithful":
            tot["mh"] += len(mh)
            tot["tp"] += len(tp)
        else:
            tot["faithful"] += 1
            tot["faithful_mh"] += len(mh)
            tot["faithful_nohigh"] += n_high == 0
        print(f"  {g['copy']:<12} {g['kind']:<9} planted {len(g['edits'])}  caught {caught}  right category {right}"
              f" (strict {strict})  m/h edits {len(mh)} (high {n_high})  on a planted change {len(tp)}")
        if show:
            for e in mh:
                if e not in tp:
                    print(f"      FALSE ALARM {fmt(e)}")
            for pe, near in misses:
                print(f"      MISS/WRONG [{pe['category']}/{pe['severity']}] {pe.get('source')!r} -> {pe.get('copy')!r}")
                for e in near:
                    print(f"          near {fmt(e)}")
    return tot


def summary(name: str, t: dict, n_pairs: int) -> None:
    def pct(a, b):
        return f"{100 * a / b:.1f}%" if b else "n/a"

    print(f"== {name}: {n_pairs} copies ==")
    print(f"  planted changes caught at medium/high: {t['caught']} of {t['planted']} = {pct(t['caught'], t['planted'])}"
          f" (target >= 90%)")
    print(f"  with the right category: {t['right']} = {pct(t['right'], t['planted'])}"
          f" (strict, same or accepted category only: {pct(t['strict'], t['planted'])}) (target >= 80%)")
    print(f"  precision of medium/high edits: {t['tp']} of {t['mh']} = {pct(t['tp'], t['mh'])} (target >= 80%)")
    if t["faithful"]:
        print(f"  faithful copies: {t['faithful_mh'] / t['faithful']:.1f} medium/high edits per copy (target <= 1),"
              f" {pct(t['faithful_nohigh'], t['faithful'])} with no high edit (target >= 90%)")
    print(f"  dropped paragraphs reported as dropped: {t['dropped_found']} of {t['dropped']}")
    print(f"  {t['secs'] / max(1, n_pairs):.2f} s per pair")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", choices=("dev", "ours", "all"), default="all")
    ap.add_argument("--only", action="append", help="copy file name prefix (repeatable), e.g. 07")
    ap.add_argument("--show", action="store_true", help="list false alarms and misses")
    ap.add_argument("--impl", default="unspin.drift:diff", help="diff function, module:function")
    args = ap.parse_args(argv)
    from bench.eval_drift import load_diff

    diff = load_diff(args.impl)
    sets = {"dev": [("rewrites-dev", DEV)], "ours": [("bench/data/rewrites", OURS)],
            "all": [("rewrites-dev", DEV), ("bench/data/rewrites", OURS)]}[args.set]
    for name, folder in sets:
        if not (folder / "gold.jsonl").is_file():
            print(f"{name}: not found at {folder}", file=sys.stderr)
            continue
        records = load_set(folder)
        if args.only:
            records = [g for g in records if any(g["copy"].startswith(p) for p in args.only)]
        print(f"== {name} ==")
        t = score(records, diff, args.show)
        summary(name, t, len(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
