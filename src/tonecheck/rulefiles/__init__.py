"""The rule-file side: where rule files are, their schema, loading and validating them into a rule set,
the parsed files kept between runs, and the reference written from them.

(The YAML rules themselves are data in the top-level `rules/` folder, reached as `tonecheck/rules`.)
Imports only the small value modules; never spaCy, the inputs, the engine, running or reporting.
"""
