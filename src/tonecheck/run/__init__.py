"""Running the engine over files and folders: finding drafts, configuration files, the result cache and
worker processes.

Imports the engine and everything below it; never reporting, evaluation, the library facade or the
command line.
"""
