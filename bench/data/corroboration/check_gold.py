"""Check the corroboration dev gold against the ReCOVery corpus it annotates.

Run ``python -m bench.data.corroboration.check_gold`` (or this file as a script)
from the repository. The corpus is read from ../shared/corpora/recovery-covid-news
beside the repository; the gold holds ids and short evidence substrings only.

Checks, per claim: every id exists; every evidence is an exact substring of that
article's body_text; stances are supports/disputes/hedged; credited is a list of
names and origin is its first name or a resolution of it; copy_of names another
report of the same claim that is itself an original (families point at their
root); an id appears once among reports, negatives and unscored; and
independent_count and origins equal what the reports give (originals counted,
grouped by origin). Exit status 1 when anything fails.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "recovery-covid-news" / "articles.jsonl"
STANCES = {"supports", "disputes", "hedged"}


def load_corpus(path: Path = CORPUS) -> dict[str, dict]:
    with path.open(encoding="utf-8") as f:
        return {a["id"]: a for a in map(json.loads, f)}


def load_gold(path: Path = HERE / "dev.jsonl") -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def check_report(r: dict, corpus: dict, by_id: dict) -> list[str]:
    errors = []
    doc = corpus.get(r["id"])
    if doc is None:
        return [f"{r['id']}: not in the corpus"]
    if not r["evidence"] or r["evidence"] not in doc["body_text"]:
        errors.append(f"{r['id']}: evidence is not a substring of body_text: {r['evidence'][:60]!r}")
    if r["stance"] not in STANCES:
        errors.append(f"{r['id']}: stance {r['stance']!r}")
    if not isinstance(r["credited"], list) or not all(isinstance(n, str) and n for n in r["credited"]):
        errors.append(f"{r['id']}: credited must be a list of names")
    if not r["credited"] and r.get("origin") is not None:
        errors.append(f"{r['id']}: credits nobody but has origin {r['origin']!r}")
    if r["credited"] and not r.get("origin"):
        errors.append(f"{r['id']}: credits {r['credited']} but has no origin")
    root = r["copy_of"]
    if root is not None and (root not in by_id or by_id[root]["copy_of"] is not None or root == r["id"]):
        errors.append(f"{r['id']}: copy_of {root!r} is not an original report of this claim")
    return errors


def check_claim(claim: dict, corpus: dict) -> list[str]:
    reports = claim["reports"]
    by_id = {r["id"]: r for r in reports}
    errors = [e for r in reports for e in check_report(r, corpus, by_id)]
    ids = [r["id"] for r in reports] + [n["id"] for n in claim["negatives"]] + [u["id"] for u in claim.get("unscored", [])]
    errors += [f"{i}: listed {k} times" for i, k in collections.Counter(ids).items() if k > 1]
    errors += [f"{i}: not in the corpus" for i in ids[len(reports):] if i not in corpus]
    originals = [r for r in reports if r["copy_of"] is None]
    if claim["independent_count"] != len(originals):
        errors.append(f"independent_count {claim['independent_count']} != {len(originals)} originals")
    want = collections.Counter(r["origin"] for r in originals)
    have = collections.Counter({o["name"]: o["reports"] for o in claim["origins"]})
    if want != have:
        errors.append(f"origins {dict(have)} != {dict(want)} from the reports")
    return [f"[{claim['claim'][:50]}] {e}" for e in errors]


def main() -> int:
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}", file=sys.stderr)
        return 2
    corpus, gold = load_corpus(), load_gold()
    errors = [e for claim in gold for e in check_claim(claim, corpus)]
    for e in errors:
        print(e)
    n_rep = sum(len(c["reports"]) for c in gold)
    n_neg = sum(len(c["negatives"]) for c in gold)
    print(f"{len(gold)} claims, {n_rep} reports, {n_neg} negatives: {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
