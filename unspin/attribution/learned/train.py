"""Train the attribution tagger on PolNeAR train: ``python -m unspin.attribution.learned.train``.

Parses every train article with the same spaCy pipeline as analyze
(``unspin.nlp.load_nlp``), labels tokens from every annotator's .ann file (an
article with two annotators gives two sequences: more annotation, same text),
trains a CRF and writes unspin/attribution/models/polnear-crf.crfsuite.
Nothing else is written into the repo. For quicker iteration, ``--docbin``
reads/writes the parsed DocBin at a path you choose (e.g. under /tmp).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from spacy.tokens import Doc, DocBin

from unspin.attribution.learned import MODEL_PATH
from unspin.attribution.learned.features import doc_features
from unspin.nlp import plain_spaces

ROLES = {"Cue": "CUE", "Source": "SOURCE", "Content": "CONTENT"}


def token_labels(sdoc: Doc, para: list[int], attributions) -> list[str]:
    """BIO labels for one paragraph from gold attributions (bench.polnear.GoldAttribution).

    A token takes a role when its first character lies in one of the role's
    fragments. B- opens a role for an attribution; a later token of the same
    attribution's same role is I- even after an interruption (see __init__).
    """
    owner: dict[int, tuple[str, int]] = {}
    for aid, att in enumerate(attributions):
        for role, frags in (("CONTENT", att.content), ("CUE", att.cue), ("SOURCE", att.source)):
            for s, e in frags or ():
                for i in para:
                    idx = sdoc[i].idx
                    if s <= idx < e and i not in owner:
                        owner[i] = (role, aid)
    labels = []
    last: dict[str, int] = {}
    for i in para:
        if i not in owner:
            labels.append("O")
            continue
        role, aid = owner[i]
        labels.append(("I-" if last.get(role) == aid else "B-") + role)
        last[role] = aid
    return labels


def parse_split(split: str, docbin: str | None):
    from bench.polnear import read_split
    from unspin.nlp import load_nlp

    arts = read_split(split, all_annotators=True)
    names = sorted({a.name for a in arts})
    texts = {a.name: a.text for a in arts}
    nlp = load_nlp()
    if docbin and Path(docbin).exists():
        docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((texts[n] for n in names), batch_size=32))
        if docbin:
            db = DocBin(store_user_data=False)
            for d in docs:
                db.add(d)
            db.to_disk(docbin)
    if len(docs) != len(names) or any(d.text != plain_spaces(texts[n]) for n, d in zip(names, docs)):
        raise SystemExit(f"{docbin}: cached parses do not match PolNeAR {split}; delete the file")
    by_name = dict(zip(names, docs))
    return [(by_name[a.name], a) for a in arts]


def sequences(pairs):
    feats_cache: dict[int, tuple] = {}
    for sdoc, art in pairs:
        key = id(sdoc)
        if key not in feats_cache:
            feats_cache[key] = doc_features(sdoc)
        paras, feats = feats_cache[key]
        for para in paras:
            yield [feats[i] for i in para], token_labels(sdoc, para, art.attributions)


def main(argv: list[str] | None = None) -> None:
    import pycrfsuite

    ap = argparse.ArgumentParser(prog="python -m unspin.attribution.learned.train")
    ap.add_argument("--docbin", default=None, help="cache of parsed train docs (outside the repo)")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--c1", type=float, default=0.4)  # dev: 0.4 > 0.2 > 0.1 > 0.05 (larger untried)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--max-iter", type=int, default=150)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N annotation files only")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    pairs = parse_split("train", args.docbin)
    if args.limit:
        pairs = pairs[: args.limit]
    t1 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tok = 0
    for xseq, yseq in sequences(pairs):
        trainer.append(xseq, yseq)
        n_tok += len(yseq)
    t2 = time.perf_counter()
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.max_iter,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(args.out)
    t3 = time.perf_counter()
    print(
        f"{len(pairs)} annotation files, {n_tok:,} tokens; parse {t1 - t0:.0f}s, features {t2 - t1:.0f}s, "
        f"train {t3 - t2:.0f}s; model {Path(args.out).stat().st_size / 1e6:.1f} MB -> {args.out}"
    )


if __name__ == "__main__":
    main()
