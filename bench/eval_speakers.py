"""Score unspin's speakers against hand-resolved gold: ``python -m bench.eval_speakers``.

Usage: ``python -m bench.eval_speakers [--set dev|own|all] [--doc SUBSTR] [--show-errors] [--json] [--join-follow-on]``

By default a quotation after a sentence-final cue ('"A," she said. "B."') is a follow-on
statement of its own, as speakers-dev's GUIDELINES count it; ``--join-follow-on`` analyses
with ``AttributionOptions(split_follow_on=False)``, which keeps it in the statement, as
PolNeAR joins it.

Gold sets: ``dev`` is ../shared/eval/speakers-dev (its texts/ and gold.jsonl);
``own`` is bench/data/speakers-own.jsonl, our annotations of corpus articles made by
../shared/eval/speakers-dev/GUIDELINES.md, holding doc ids and substrings only: the
text is read at run time from ../shared/corpora (BBC: the file's bytes as UTF-8,
else Latin-1; ReCOVery: the record's ``body_text``). The scoring rules are those of
speakers-dev/README.md, also printed with the results (``RULES`` below):

* Tokens are the ``\\w+`` runs of the article text, lowercased; a token belongs to a
  span when one of its characters lies inside it. A gold span is located as the
  ``*_occurrence``-th (default 0) plain substring match.
* A predicted statement matches a gold one when it covers at least half of the gold
  content's tokens. Matching is one-to-one per article, greedy by overlap (ties: more
  shared tokens, then document order). Recall = matched / gold, precision = matched /
  predicted statements.
* A matched speaker is right when its name, normalised (lowercased, punctuation
  removed, the titles Mr Mrs Ms Miss Dr Prof Sir Dame QC removed, a leading "the"
  removed), equals the normalised gold speaker or one of its ``accept`` strings; for
  gold of kind anonymous or group it is also right when the normalised predicted name
  contains the last word of the gold description.
* Speaker accuracy = right / matched; right over all gold = right / gold statements.
* A misattribution is a matched statement whose speaker is wrong and names someone
  else: the predicted kind is person or organization, the name's last word is
  capitalised (a proper name; descriptions are written head-last, "Home Office
  minister"), its normalised words are not all among the words of the gold speaker or
  an accept string, and it is not their initials (a shorter form of the right name,
  "Blair" or "FDA", is wrong but not a misattribution). Rate = misattributed / matched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEV = SHARED / "eval" / "speakers-dev"
OWN = REPO / "bench" / "data" / "speakers-own.jsonl"

RULES = [
    "tokens: \\w+ runs, lowercased; a token is in a span if any of its chars is",
    "statement found: pred covers >= 0.5 of gold content tokens; one-to-one, greedy by overlap",
    "speaker right: normalised name (lowercase, no punctuation, no Mr/Mrs/Ms/Miss/Dr/Prof/Sir/Dame/QC, no leading 'the') "
    "equals gold or an accept string; anonymous/group gold: pred contains the description's last word",
    "misattributed: wrong, pred kind person/organization, last word capitalised, not a shorter form or initials of gold",
]
_TOKEN = re.compile(r"\w+")
_TITLES = frozenset("mr mrs ms miss dr prof sir dame qc".split())


def normalise(name: str | None) -> str:
    words = [w for w in re.findall(r"\w+", (name or "").lower().replace("’", "'").replace("'s ", " ")) if w not in _TITLES]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass
class Gold:
    content: tuple[int, int]
    speaker: str
    accept: list[str]
    kind: str
    type: str
    text: str


@dataclass
class Pred:
    content: tuple[int, int]
    name: str | None
    kind: str
    text: str
    raw: dict = field(default_factory=dict)


def locate(text: str, sub: str, occurrence: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(sub, pos + 1)
        if pos < 0:
            raise ValueError(f"substring not in text (occurrence {occurrence}): {sub[:60]!r}")
    return pos, pos + len(sub)


def token_ids(text: str, span: tuple[int, int], starts: list[tuple[int, int]]) -> set[int]:
    a, b = span
    return {i for i, (s, e) in enumerate(starts) if s < b and a < e}


def speaker_right(pred: Pred, gold: Gold) -> bool:
    got = normalise(pred.name)
    if not got:
        return False
    wanted = {normalise(n) for n in [gold.speaker, *gold.accept]}
    if got in wanted:
        return True
    if gold.kind in ("anonymous", "group"):
        last = normalise(gold.speaker).split()[-1:] or [""]
        return last[0] in got.split()
    return False


def misattributed(pred: Pred, gold: Gold) -> bool:
    if speaker_right(pred, gold) or pred.kind not in ("person", "organization"):
        return False
    words = re.findall(r"\w+", pred.name or "")
    if not words or not words[-1][0].isupper():
        return False  # a description written head-last ("Home Office minister"), not a name
    gold_words, initials = set(), set()
    for n in [gold.speaker, *gold.accept]:
        gold_words |= set(normalise(n).split())
        initials.add("".join(w[0] for w in re.findall(r"\w+", n) if w[0].isupper()).lower())
    got = normalise(pred.name)
    return not (set(got.split()) <= gold_words or got in initials)


def match(text: str, golds: list[Gold], preds: list[Pred]) -> list[tuple[int, int]]:
    toks = [m.span() for m in _TOKEN.finditer(text)]
    gt = [token_ids(text, g.content, toks) for g in golds]
    pt = [token_ids(text, p.content, toks) for p in preds]
    pairs = []
    for i, g in enumerate(gt):
        for j, p in enumerate(pt):
            shared = len(g & p)
            if g and shared / len(g) >= 0.5:
                pairs.append((-shared / len(g), -shared, golds[i].content[0], i, j))
    used_g, used_p, out = set(), set(), []
    for *_, i, j in sorted(pairs):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def read_text(corpus: str, doc_id: str, file: str | None = None) -> str:
    if file and (DEV / "texts" / file).is_file():
        return (DEV / "texts" / file).read_text(encoding="utf-8")
    if corpus == "bbc":
        raw = (SHARED / "corpora" / "bbc-news-2225" / doc_id).read_bytes()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    with open(SHARED / "corpora" / "recovery-covid-news" / "articles.jsonl", encoding="utf-8") as f:
        for line in f:
            if f'"{doc_id}"' in line[:200]:
                rec = json.loads(line)
                if rec["id"] == doc_id:
                    return rec["body_text"]
    raise KeyError(doc_id)


def load(which: str) -> list[tuple[str, str, list[Gold]]]:
    files = {"dev": [DEV / "gold.jsonl"], "own": [OWN], "all": [DEV / "gold.jsonl", OWN]}[which]
    out = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            text = read_text(rec["corpus"], rec["doc_id"], rec.get("file") if path != OWN else None)
            golds = []
            for g in rec["attributions"]:
                span = locate(text, g["content"], g.get("content_occurrence", 0))
                golds.append(Gold(span, g["speaker"], g.get("accept", []), g["kind"], g["type"], g["content"]))
            out.append((rec["doc_id"], text, golds))
    return out


def preds_of(text: str, options=None) -> list[Pred]:
    import unspin

    out = []
    for a in unspin.analyze(text, options=options).attributions:
        out.append(Pred((a.content.start, a.content.end), a.speaker.name, a.speaker.kind, a.content.text,
                        a.speaker.to_dict()))
    return out


def score_article(text: str, golds: list[Gold], preds: list[Pred]) -> dict:
    pairs = match(text, golds, preds)
    right = [(i, j) for i, j in pairs if speaker_right(preds[j], golds[i])]
    mis = [(i, j) for i, j in pairs if misattributed(preds[j], golds[i])]
    matched = {i for i, _ in pairs}
    errors = [("missed", golds[i], None) for i in range(len(golds)) if i not in matched]
    errors += [("misattributed" if (i, j) in mis else "wrong", golds[i], preds[j])
               for i, j in pairs if (i, j) not in right]
    return {"gold": len(golds), "pred": len(preds), "matched": len(pairs), "right": len(right),
            "misattributed": len(mis), "errors": errors}


def summary(rows: list[dict]) -> dict:
    tot = {k: sum(r[k] for r in rows) for k in ("gold", "pred", "matched", "right", "misattributed")}
    m = max(1, tot["matched"])
    return {**tot,
            "recall": tot["matched"] / max(1, tot["gold"]),
            "precision": tot["matched"] / max(1, tot["pred"]),
            "speaker_accuracy": tot["right"] / m,
            "right_of_gold": tot["right"] / max(1, tot["gold"]),
            "misattribution": tot["misattributed"] / m}


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.eval_speakers", description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="dev", choices=["dev", "own", "all"])
    ap.add_argument("--doc", default=None, help="only articles whose doc id contains this")
    ap.add_argument("--show-errors", action="store_true", help="list every missed or wrongly credited statement")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--join-follow-on", action="store_true",
                    help="analyse with AttributionOptions(split_follow_on=False): '\"A,\" she said. \"B.\"' as one statement")
    args = ap.parse_args(argv)
    options = None
    if args.join_follow_on:
        from unspin.options import AttributionOptions

        options = AttributionOptions(split_follow_on=False)
    if not SHARED.is_dir():
        print(f"shared data not found at {SHARED}", file=sys.stderr)
        return 2
    rows = []
    for doc_id, text, golds in load(args.set):
        if args.doc and args.doc not in doc_id:
            continue
        r = score_article(text, golds, preds_of(text, options))
        r["doc"] = doc_id
        rows.append(r)
        if not args.json:
            print(f"{doc_id:48s} gold {r['gold']:3d}  found {r['matched']:3d}/{r['pred']:3d} pred  "
                  f"right {r['right']:3d}  misattributed {r['misattributed']}")
            if args.show_errors:
                for kind, g, p in r["errors"]:
                    got = "" if p is None else f" -> {p.name!r} ({p.kind})"
                    print(f"    {kind:13s} gold {g.speaker!r} ({g.kind}){got}: {_short(g.text)}")
    s = summary(rows)
    if args.json:
        print(json.dumps({"summary": s, "articles": [{k: v for k, v in r.items() if k != "errors"} for r in rows]}))
        return 0
    print("rules: " + "; ".join(RULES))
    print(f"statements {s['gold']}: recall {s['recall']:.3f}, precision {s['precision']:.3f}; "
          f"speaker accuracy on matched {s['speaker_accuracy']:.3f} ({s['right']}/{s['matched']}); "
          f"right of all gold {s['right_of_gold']:.3f}; misattribution {s['misattribution']:.3f} "
          f"({s['misattributed']}/{s['matched']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
