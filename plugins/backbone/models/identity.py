"""data/identity.yml: who the partnership is and how it looks and sounds."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..schema import Strict
from .common import Colour, Email, Name, ShortName, Summary, Text, Title, Url

DEFAULT_TEXT_FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
    '"Liberation Sans", Arial, sans-serif'
)
DEFAULT_CODE_FONT = 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace'


class Colours(Strict):
    primary: Colour
    accent: Colour
    text: Colour = "#1b1f23"
    background: Colour = "#ffffff"
    primary_text: Colour = Field("#ffffff", description="text on the primary colour (header, buttons)")
    muted: Colour | None = None


class Fonts(Strict):
    text: Text = DEFAULT_TEXT_FONT
    code: Text = DEFAULT_CODE_FONT


class Voice(Strict):
    personality: list[Summary] = []
    do: list[Summary] = Field(min_length=1)
    dont: list[Summary] = Field(min_length=1)


class Boilerplate(Strict):
    short: Summary
    medium: Text
    long: Text


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


class Social(Strict):
    network: Literal["linkedin", "bluesky", "x", "mastodon", "facebook", "instagram", "youtube", "github", "website"]
    url: Url
    handle: Name | None = None


class Identity(Strict):
    name: Name
    short_name: ShortName
    tagline: Title
    purpose: Summary
    logo: Text
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
    language: Text = "en"
