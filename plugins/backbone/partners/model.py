"""data/partners.yml: the organisations in the partnership."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..fields import Email, Id, Name, PartialDate, ShortName, Summary, Text, Url
from ..schema import Strict

SECTORS = {"public": "Public sector", "private": "Private sector", "civil": "Civil society"}


class PartnerContact(Strict):
    name: Name
    role: Name | None = None
    email: Email | None = None


class Partner(Strict):
    id: Id
    name: Name
    short_name: ShortName | None = None
    sector: Literal["public", "private", "civil"]
    logo: Text | None = None
    website: Url | None = None
    joined: PartialDate
    role: Summary
    commitment: Text | None = None
    description: Text | None = None
    contact: PartnerContact | None = None
    # Moved: governance.yml's members alone say who sits on which body. Read only so that
    # check_partners can say where membership went (any shape: the message is the same).
    working_groups: Any = Field(None, exclude=True)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class PartnersFile(Strict):
    partners: list[Partner]
