"""Running the engine over files and folders: finding drafts, configuration files, the result cache and
worker processes; and the follow-up schedule of `tonecheck plan` (`plan`).

Imports the engine and everything below it; never reporting, evaluation, the library facade or the
command line.
"""
