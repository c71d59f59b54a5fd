"""Measuring the rules: running the examples each rule file carries and scoring a labelled corpus.

Imports running, the engine and what is below them; never the command line.
"""
