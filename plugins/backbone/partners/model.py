"""data/partners.yml: the organisations in the partnership."""

from __future__ import annotations

from typing import Literal

from ..schema import Strict
from ..fields import Email, Id, Name, PartialDate, ShortName, Summary, Text, Url

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
    working_groups: list[Id] = []

    @property
    def label(self) -> str:
        return self.short_name or self.name


class PartnersFile(Strict):
    partners: list[Partner]
