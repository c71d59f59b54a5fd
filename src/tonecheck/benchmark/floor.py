"""The floor: a bare Python process that imports spaCy, loads a pipeline and parses files.

Run as a script (``python floor.py ...``), so that it imports nothing of tonecheck: this is what the
same work costs with spaCy alone. ``--ops numpy`` runs the dense layers on numpy's BLAS, as tonecheck
does when that gives the same annotations.
"""

import argparse
import sys


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--exclude", default="", help="comma-separated components to leave out")
    parser.add_argument("--ops", choices=("blis", "numpy"), default="blis")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    import spacy

    if args.ops == "numpy":
        from thinc.api import NumpyOps, set_current_ops

        set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(args.model, exclude=[name for name in args.exclude.split(",") if name])
    texts = []
    for name in args.files:
        with open(name, encoding="utf-8") as handle:
            texts.append(handle.read())
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        tokens += len(doc)
    sys.stdout.write(f"{len(texts)} texts, {tokens} tokens\n")


if __name__ == "__main__":
    main()
