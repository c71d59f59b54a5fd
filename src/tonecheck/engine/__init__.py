"""Judging messages: compiling rules into matchers (anchors, the pre-filter, kept compiled patterns),
reading the kind of message, timing, resolving hits, filling suggestions, and the findings and fixes.

Imports inputs, rulefiles, pipeline and the small value modules; never running (files, configuration,
cache, workers), reporting or the command line.
"""
