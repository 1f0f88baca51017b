"""The site's language must be one the theme is translated into.

The theme (mkdocs-material) loads ``partials/languages/<language>.html`` while rendering
each page: a language it lacks ('en-GB') failed there with a traceback. The adapter lists
what the installed theme ships; this checks identity.yml's ``language`` against it."""

from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem, close_match


def language_problems(language: str, available: Iterable[str], source) -> list[Problem]:
    """A located problem when ``language`` is not in ``available`` (none when the theme lists none)."""
    known = sorted(set(available))
    if not known or language in known:
        return []
    message = f"the theme has no translation for the language '{language}'"
    suggestion = _suggest(language, known)
    message += f"; did you mean '{suggestion}'?" if suggestion else f"; use one of: {', '.join(known)}"
    return [Problem(source.rel, source.line(("language",)), "language", message)]


def _suggest(language: str, known: list[str]) -> str | None:
    """'en-GB' → 'en', 'pt-br' → 'pt-BR', 'fre' → 'fr'."""
    lower = {k.lower(): k for k in known}
    if language.lower() in lower:
        return lower[language.lower()]
    base = language.replace("_", "-").split("-")[0].lower()
    if base in lower:
        return lower[base]
    return close_match(language, known)
