"""The paper a report is printed on, from the site's language: US Letter where CLDR says the
territory uses it (its supplemental paperSize data), A4 everywhere else."""

from __future__ import annotations

from babel.core import get_global

from ..render.numbers import locale_of

# CLDR supplementalData, measurementData: paperSize type="US-Letter"
LETTER_TERRITORIES = frozenset({"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US", "VE"})


def paper_for(language: str) -> str:
    """'us-letter' or 'a4' (Typst's paper names) for a language tag: 'en' is en_US by CLDR's
    likely subtags, so Letter; 'en-GB', 'fr' and 'de' A4; 'es-MX' and 'fr-CA' Letter."""
    locale = locale_of(language)
    territory = locale.territory
    if territory is None:
        likely = get_global("likely_subtags").get(locale.language, "")
        territory = next((p for p in likely.split("_")[1:] if len(p) == 2 and p.isalpha()), None)
    return "us-letter" if territory in LETTER_TERRITORIES else "a4"
