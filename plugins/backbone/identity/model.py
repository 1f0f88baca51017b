"""data/identity.yml: who the partnership is and how it looks and sounds."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from ..checks import Checks
from ..fields import Colour, Email, Name, ShortName, Summary, Text, Title, Url
from ..schema import Strict
from .languages import language_tag
from .translated import per_language

DEFAULT_TEXT_FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif'
)
DEFAULT_CODE_FONT = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace'


class Colours(Strict):
    primary: Colour
    accent: Colour
    text: Colour = "#1b1f23"
    background: Colour = "#ffffff"
    primary_text: Colour = Field("#ffffff", description="text on the primary colour (header, buttons)")
    muted: Colour | None = None


# A CSS font-family list, rebuilt from the names it is made of, so that nothing else can
# reach brand.css: each name is letters, digits, spaces and - . & +, quoted or not, and is
# written in double quotes, except the generic families and browsers' system keywords
# (-apple-system), which only work unquoted.
_NAME = re.compile(r"""\s*(?:"([\w .&+-]+)"|'([\w .&+-]+)'|([\w][\w .&+-]*))\s*""")
_KEYWORD = re.compile(r"-[a-z]+(?:-[a-z]+)*")
GENERIC_FAMILIES = frozenset(
    {
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "math",
        "emoji",
        "fangsong",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
    }
)
FONT_EXAMPLE = '"Source Sans 3", Arial, sans-serif'


def _font_family(part: str) -> str:
    if not part.strip():
        raise ValueError(f"an empty font name between two commas: remove the extra comma, e.g. '{FONT_EXAMPLE}'")
    if (word := part.strip()) in GENERIC_FAMILIES or _KEYWORD.fullmatch(word):
        return word
    name = _NAME.fullmatch(part)
    if not name:
        raise ValueError(
            f"'{part.strip()}' is not a font name: a name has only letters, digits, spaces and - . & + "
            f"(quotes around it are optional), and names are separated by commas, e.g. '{FONT_EXAMPLE}'"
        )
    return '"' + " ".join((name[1] or name[2] or name[3]).split()) + '"'


def _font_list(value: str) -> str:
    if not value.strip():
        raise ValueError(f"no font given: list font names separated by commas, e.g. '{FONT_EXAMPLE}'")
    return ", ".join(_font_family(part) for part in value.split(","))


FontList = Annotated[Text, AfterValidator(_font_list)]
# A BCP 47 tag CLDR knows, in its usual case: 'en', 'en-GB', 'pt-BR' (identity/languages.py)
LanguageTag = Annotated[Name, AfterValidator(language_tag)]


class Fonts(Strict):
    text: FontList = DEFAULT_TEXT_FONT
    code: FontList = DEFAULT_CODE_FONT


class Voice(Strict):
    personality: list[Summary] = []
    do: list[Summary] = Field(min_length=1)
    dont: list[Summary] = Field(min_length=1)


class Boilerplate(Strict):
    short: per_language(Summary)
    medium: per_language(Text)
    long: per_language(Text)


class Contact(Strict):
    email: Email | None = None
    phone: Name | None = None
    address: Text | None = None


SOCIAL_ICONS = {
    "linkedin": "fontawesome/brands/linkedin",
    "bluesky": "fontawesome/brands/bluesky",
    "x": "fontawesome/brands/x-twitter",
    "mastodon": "fontawesome/brands/mastodon",
    "facebook": "fontawesome/brands/facebook",
    "instagram": "fontawesome/brands/instagram",
    "youtube": "fontawesome/brands/youtube",
    "github": "fontawesome/brands/github",
    "website": "fontawesome/solid/globe",
}

NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "bluesky": "Bluesky",
    "x": "X",
    "mastodon": "Mastodon",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "github": "GitHub",
}


def social_name(site: str, network: str) -> str:
    """A social link's name, saying where it leads: 'Riverbend Works on Mastodon', 'Riverbend Works website'."""
    return f"{site} website" if network == "website" else f"{site} on {NETWORK_NAMES[network]}"


class Social(Strict):
    network: Literal["linkedin", "bluesky", "x", "mastodon", "facebook", "instagram", "youtube", "github", "website"]
    url: Url
    handle: Name | None = None


class Identity(Strict):
    name: per_language(Name)
    short_name: per_language(ShortName)
    tagline: per_language(Title)
    purpose: per_language(Summary)
    logo: Text
    logo_reversed: Text | None = None  # the logo for the primary colour (light on dark): header, brand kit
    mark: Text | None = None  # a square symbol for small places: the site header, cards
    favicon: Text | None = None
    colours: Colours
    fonts: Fonts = Fonts()
    voice: Voice
    boilerplate: Boilerplate
    contact: Contact = Contact()
    social: list[Social] = []
    founded: Name | None = None
    region: Name | None = None
    language: LanguageTag = "en"
    # A site in several languages lists them, the first the default (its pages at /, each
    # other's at /<tag>/); ``language`` is then the first of them.
    languages: list[LanguageTag] | None = Field(None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def first_language(cls, data):
        """``languages: [en, es]`` says the site's language too: ``language`` may be left out,
        and when given must be the first of them."""
        if isinstance(data, dict) and isinstance(data.get("languages"), list) and data["languages"]:
            if data.get("language") in (None, ""):
                data = {**data, "language": data["languages"][0]}
        return data

    @property
    def site_languages(self) -> tuple[str, ...]:
        """Every language of the site, the default first."""
        return tuple(self.languages or (self.language,))


def check_languages(checks: Checks, identity: Identity) -> None:
    """``languages`` lists each language once, and ``language``, when both are given, is its first."""
    listed = identity.languages
    if listed is None:
        return
    if len(set(listed)) != len(listed):
        twice = next(tag for tag in listed if listed.count(tag) > 1)
        checks.add(("languages",), f"'{twice}' is listed twice in 'languages': list each language once")
    elif identity.language != listed[0]:
        checks.add(
            ("language",),
            f"'language' is {identity.language} but the first of 'languages' is {listed[0]}: the first of "
            "'languages' is the site's default language; remove 'language', or make it the first of 'languages'",
        )
