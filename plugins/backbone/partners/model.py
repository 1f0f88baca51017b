"""data/partners.yml: the organisations in the partnership."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..fields import Email, Id, Name, PartialDate, Ref, ShortName, Summary, Text, Url
from ..identity.translated import Label, per_language
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


# The sectors of a partnership that declares none, in the order pages list them.
DEFAULT_SECTORS = {
    s.id: s
    for s in (
        Sector.model_construct(id="public", label="Public sector", short="public"),
        Sector.model_construct(id="private", label="Private sector", short="private"),
        Sector.model_construct(id="civil", label="Civil society", short="civil"),
    )
}


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

    def sectors_by_id(self) -> dict[str, Sector]:
        """Each sector by id, in the file's order (the defaults when it declares none)."""
        return {s.id: s for s in self.sectors} if self.sectors else dict(DEFAULT_SECTORS)
