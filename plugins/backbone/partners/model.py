"""data/partners.yml: the organisations in the partnership."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field

from ..fields import Email, Id, Name, PartialDate, Ref, ShortName, Summary, Text, Url
from ..identity.translated import Label, Translated, per_language
from ..render.formats import formats_for
from ..render.words import Words
from ..schema import Strict


class Sector(Strict):
    """A sector partners belong to, as the partnership names it: a university, a philanthropy,
    a residents' association..."""

    id: Id
    label: Label  # what readers see, as a heading of the partner directory: 'Universities'
    short: Label | None = None  # beside a partner's name where room is short (a chart): 'university'

    @property
    def word(self) -> str:
        return self.short or self.label


class DefaultSector(Sector):
    """One of the sectors of a partnership that declares none."""


def _default_words(words: Words) -> dict[str, tuple[str, str]]:
    """Each default sector's label and short word in ``words``' language."""
    return {
        "public": (words.gettext("Public sector"), words.pgettext("sector", "public")),
        "private": (words.gettext("Private sector"), words.pgettext("sector", "private")),
        "civil": (words.gettext("Civil society"), words.pgettext("sector", "civil")),
    }


# The sectors of a partnership that declares none, in the order pages list them (in English, as
# the build's messages to the team name them; default_sectors gives them in the site's languages).
DEFAULT_SECTORS = {
    sid: DefaultSector.model_construct(id=sid, label=label, short=short)
    for sid, (label, short) in _default_words(formats_for("en").words).items()
}


def default_sectors(languages: Sequence[str] | None) -> dict[str, Sector]:
    """The default sectors in the site's ``languages`` (the first the default), their words from
    Backbone's catalogs: a text per language where the site has several (identity/translated.py)."""
    if not languages or list(languages) == ["en"]:
        return dict(DEFAULT_SECTORS)
    per_language = {tag: _default_words(formats_for(tag).words) for tag in languages}

    def text(sid: str, which: int) -> str:
        texts = {tag: found[sid][which] for tag, found in per_language.items()}
        return Translated(texts, languages[0]) if len(texts) > 1 else texts[languages[0]]

    return {
        sid: DefaultSector.model_construct(id=sid, label=text(sid, 0), short=text(sid, 1)) for sid in DEFAULT_SECTORS
    }


def declares_no_sectors(sectors: Mapping[str, Sector]) -> bool:
    """Whether ``sectors`` are the defaults (in whatever language), not the partnership's own."""
    return bool(sectors) and all(isinstance(s, DefaultSector) for s in sectors.values())


class PartnerContact(Strict):
    name: Name
    role: Name | None = None
    email: Email | None = None


class Partner(Strict):
    id: Id
    name: per_language(Name)
    short_name: per_language(ShortName) | None = None
    sector: Ref  # one of the file's sectors (DEFAULT_SECTORS when it declares none)
    logo: Text | None = None
    website: Url | None = None
    joined: PartialDate
    role: per_language(Summary)
    commitment: per_language(Text) | None = None
    description: per_language(Text) | None = None
    contact: PartnerContact | None = None
    # Moved: governance.yml's members alone say who sits on which body. Read only so that
    # check_partners can say where membership went (any shape: the message is the same).
    working_groups: Any = Field(None, exclude=True)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class PartnersFile(Strict):
    # the partnership's own sectors, in the order its pages list them; none: DEFAULT_SECTORS
    sectors: list[Sector] | None = Field(None, min_length=1)
    partners: list[Partner]

    def sectors_by_id(self, languages: Sequence[str] | None = None) -> dict[str, Sector]:
        """Each sector by id, in the file's order (the defaults when it declares none)."""
        return {s.id: s for s in self.sectors} if self.sectors else default_sectors(languages)
