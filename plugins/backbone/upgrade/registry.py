"""Every change of format a site has to follow, oldest first: `backbone upgrade` runs them all.

To rename or move a field in a new version:
1. write a step that finds the old form and rewrites it (``to_0_2.py`` shows how: find it,
   change only its lines through ``Document``, say each change with its file and line, and do
   nothing when the old form is absent, so that a second run changes nothing);
2. add it below with the version that brings the change;
3. for one minor version, keep reading the old form with a deprecation warning that names
   `backbone upgrade`; from the next one, refuse it with a message that names it too;
4. add the change and its step to CHANGELOG.md (Changed, or Removed) and docs/upgrading.md.

A step may also write a form that is still valid in the form a tool needs (0.3's: a site in
several languages as the browser editor edits it); then the old form keeps being read, with no
warning, and step 3 does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import to_0_2, to_0_3
from .site import Site


@dataclass(frozen=True)
class Step:
    since: str  # the version whose format the step brings a site to
    what: str
    run: Callable[[Site], None]


STEPS: tuple[Step, ...] = (
    Step("0.2.0", "the seven backbone/* plugin entries become one 'backbone' entry", to_0_2.one_plugin),
    Step("0.2.0", "copies of Backbone's theme in the site's custom_dir go: Backbone ships it", to_0_2.packaged_theme),
    Step("0.2.0", "partners' working_groups become governance members", to_0_2.members_in_governance),
    Step("0.2.0", "investments' count is called valuation", to_0_2.valuation_rule),
    Step("0.3.0", "a text given once for every language becomes the first language's", to_0_3.texts_per_language),
    Step("0.3.0", "stories and reviews are named with the first language's tag", to_0_3.tagged_originals),
)
# What keeps the browser editor from changing every language of a site in several: `backbone
# edit` says to run `backbone upgrade` when one of these would change something.
FOR_THE_EDITOR: tuple[Step, ...] = tuple(
    step for step in STEPS if step.run in (to_0_3.texts_per_language, to_0_3.tagged_originals)
)
