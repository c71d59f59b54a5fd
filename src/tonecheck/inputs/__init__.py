"""From bytes to messages: decoding, front matter, email files, Markdown templates, placeholders, quoted
replies and the text map that ties every character the pipeline reads to its place in the file.

Imports only the small value modules (errors, dates, names, spans, yamlfile); never spaCy, the rule
files, the engine or anything that runs or reports.
"""
