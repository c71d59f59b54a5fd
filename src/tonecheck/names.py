"""The names of message kinds and rule categories, in a module light enough for every import path."""

from __future__ import annotations

KINDS = ("thank-you", "check-in", "materials", "rejection-reply", "other")
CATEGORIES = (
    "accusatory",
    "premature-contact",
    "missing-thanks",
    "bridge-burning",
    "late-contact",
    "missing-interest",
    "missing-attachment",
    "missing-keep-in-touch",
)
# Reported by the silencing code, not by a rule file.
UNUSED_SUPPRESSION = "tonecheck/unused-suppression"
