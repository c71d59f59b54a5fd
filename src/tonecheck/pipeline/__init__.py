"""spaCy's English pipeline: choosing and loading it, the numeric backend, the components that remember
their answers and the kept outcome of checking them (``checks``), parsing texts in batches, and when
the garbage collector runs around the load.

Imports only the small value modules and ``storage``; never the inputs, the rule files, the engine,
running or reporting.
"""
