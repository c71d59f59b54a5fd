"""tonecheck's benchmark: `python -m tonecheck.benchmark` (see ``__main__`` for the options).

It writes a seeded set of drafts, then times whole processes side by side in one session: tonecheck
and the floor (a bare Python process running the same spaCy pipeline), and proselint when installed.
Each figure is the median of several runs; ratios compare figures of the same session only.
"""
