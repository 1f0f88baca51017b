"""The words of the editor: every label and hint Backbone gives Decap passes through ``Labels``.

One function translates them (``Labels.__call__``, gettext's ``gettext``), so a site's message
catalog (issue 25) translates the whole editor by being handed in; until then the catalog is
gettext's ``NullTranslations`` and the English below is shown. ``N_`` marks each text for
extraction (``pybabel extract -k N_``) without translating it where the tables are defined.

Labels are looked up by ``Model.field`` first, then by the field's name, so that 'name' is
"Name" everywhere but a partner's ``role`` is "Role in the partnership". A field with no label
here stops the generation (``widgets.py``): every field of every model has its words.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError

from ..render.words import N_


@dataclass(frozen=True)
class Labels:
    """Translates the editor's words with ``catalog`` (gettext's API)."""

    catalog: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)

    def __call__(self, message: str, **values: object) -> str:
        text = self.catalog.gettext(message)
        return text.format(**values) if values else text


LABELS = {
    # shared names
    "id": N_("Id"),
    "name": N_("Name"),
    "short_name": N_("Short name"),
    "title": N_("Title"),
    "summary": N_("Summary"),
    "description": N_("Description"),
    "date": N_("Date"),
    "tags": N_("Tags"),
    "draft": N_("Draft (not published yet)"),
    "period": N_("Period"),
    "value": N_("Figure"),
    "note": N_("Note"),
    "notes": N_("Notes"),
    "partner": N_("Partner"),
    "partners": N_("Partners"),
    "metrics": N_("Metrics"),
    "stories": N_("Stories"),
    "actions": N_("Actions"),
    "role": N_("Role"),
    "email": N_("E-mail address"),
    "channel": N_("Channel"),
    "body": N_("Text"),
    # stories
    "StoryMeta.slug": N_("Address (slug)"),
    "StoryMeta.aliases": N_("Former addresses"),
    "StoryMeta.metrics": N_("Key figures"),
    "StoryMeta.principle": N_("Principle it shows"),
    "StoryMeta.image": N_("Picture"),
    "StoryMeta.quote": N_("Quote"),
    "StoryMeta.author": N_("Author"),
    "StoryMeta.updated": N_("Updated on"),
    "StoryImage.src": N_("Picture file"),
    "StoryImage.alt": N_("Description of the picture (alt text)"),
    "StoryQuote.text": N_("Quote"),
    "StoryQuote.name": N_("Who said it"),
    "StoryQuote.role": N_("Their role"),
    # reviews
    "ReviewMeta.kind": N_("Kind of review"),
    "ReviewMeta.participants": N_("Partners who took part"),
    "Action.what": N_("What will be done"),
    "Action.owner": N_("Owner"),
    "Action.due": N_("Due by"),
    "Action.status": N_("Status"),
    "Action.done_on": N_("Done on"),
    # authors' pages
    "Page.description": N_("Description (for search engines and shared links)"),
    # metrics
    "MetricFile.question": N_("Question it answers"),
    "MetricFile.unit": N_("Unit"),
    "UnitsFile.units": N_("Units"),
    "Unit.singular": N_("Word after one"),
    "Unit.plural": N_("Word after more"),
    "MetricFile.currency": N_("Currency"),
    "MetricFile.decimals": N_("Decimals shown"),
    "MetricFile.polarity": N_("Which way is better"),
    "MetricFile.baseline": N_("Baseline"),
    "MetricFile.target": N_("Target"),
    "MetricFile.series": N_("Figures, one per period"),
    "MetricFile.series_csv": N_("Figures from a CSV file"),
    "MetricFile.breakdown": N_("Figures by partner"),
    "MetricFile.source": N_("Source of the figures"),
    "MetricFile.owner": N_("Partner who reports it"),
    "MetricFile.headline": N_("On the scorecard"),
    "MetricFile.order": N_("Place on the scorecard"),
    "MetricFile.story": N_("The story behind the figures"),
    "MetricFile.tolerance": N_("Tolerance"),
    "BreakdownPart.series": N_("Figures, one per period"),
    # partners
    "PartnersFile.sectors": N_("Sectors"),
    "Sector.label": N_("Name readers see"),
    "Sector.short": N_("Short name, beside a partner's name"),
    "Partner.sector": N_("Sector"),
    "Partner.logo": N_("Logo"),
    "Partner.website": N_("Website"),
    "Partner.joined": N_("Joined"),
    "Partner.role": N_("Role in the partnership"),
    "Partner.commitment": N_("Commitment"),
    "Partner.contact": N_("Contact person"),
    # governance
    "Governance.bodies": N_("Bodies"),
    "Governance.decisions": N_("Decision norms"),
    "Governance.workstreams": N_("Workstreams"),
    "Governance.responsibilities": N_("Responsibilities"),
    "Body.kind": N_("Kind of body"),
    "Body.purpose": N_("Purpose"),
    "Body.parent": N_("Reports to"),
    "Body.chair": N_("Chair"),
    "Body.members": N_("Members"),
    "Body.staff": N_("Staff"),
    "Body.cadence": N_("How often it meets"),
    "DecisionNorm.decision": N_("Decision"),
    "DecisionNorm.body": N_("Body that decides"),
    "DecisionNorm.rule": N_("Rule"),
    "Workstream.body": N_("Body responsible"),
    "Responsibility.workstream": N_("Workstream"),
    "Responsibility.role": N_("Role"),
    "Responsibility.tasks": N_("Tasks"),
    "Responsibility.benefits": N_("What it gets in return"),
    # identity
    "Identity.tagline": N_("Tagline"),
    "Identity.purpose": N_("Purpose statement"),
    "Identity.logo": N_("Logo"),
    "Identity.logo_reversed": N_("Logo for the primary colour (reversed)"),
    "Identity.mark": N_("Mark (square symbol)"),
    "Identity.favicon": N_("Browser tab icon (favicon)"),
    "Identity.colours": N_("Colours"),
    "Identity.fonts": N_("Fonts"),
    "Identity.voice": N_("Voice"),
    "Identity.boilerplate": N_("About us, in three lengths"),
    "Identity.contact": N_("Contact"),
    "Identity.social": N_("Social media"),
    "Identity.founded": N_("Founded"),
    "Identity.region": N_("Region"),
    "Identity.language": N_("Language of the site"),
    "Identity.languages": N_("Languages of the site"),
    "Colours.primary": N_("Primary colour"),
    "Colours.accent": N_("Accent colour"),
    "Colours.text": N_("Text colour"),
    "Colours.background": N_("Background colour"),
    "Colours.primary_text": N_("Text on the primary colour"),
    "Colours.muted": N_("Muted text colour"),
    "Fonts.text": N_("Text fonts"),
    "Fonts.code": N_("Code fonts"),
    "Voice.personality": N_("Personality"),
    "Voice.do": N_("Do"),
    "Voice.dont": N_("Don't"),
    "Boilerplate.short": N_("Short (one sentence)"),
    "Boilerplate.medium": N_("Medium (one paragraph)"),
    "Boilerplate.long": N_("Long"),
    "Contact.phone": N_("Phone"),
    "Contact.address": N_("Postal address"),
    "Social.network": N_("Network"),
    "Social.url": N_("Address of the page"),
    "Social.handle": N_("Handle"),
    # investments
    "InvestmentsFile.currency": N_("Currency"),
    "InvestmentsFile.hourly_value": N_("Value of an hour of time"),
    "InvestmentsFile.window": N_("Window compared"),
    "InvestmentsFile.contributions": N_("Contributions"),
    "InvestmentsFile.valuations": N_("Valuations"),
    "Window.from": N_("From"),
    "Window.to": N_("To"),
    "Contribution.money": N_("Money"),
    "Contribution.staff_hours": N_("Staff hours"),
    "Contribution.volunteer_hours": N_("Volunteer hours"),
    "Contribution.hourly_value": N_("Value of an hour (if not the usual)"),
    "Contribution.in_kind": N_("In kind (value)"),
    "Valuation.metric": N_("Metric"),
    "Valuation.value_per_unit": N_("Value of one unit"),
    "Valuation.source": N_("Source of the value"),
    "Valuation.assumption": N_("Assumption"),
    "Valuation.valuation": N_("How the figures count"),
    # voices
    "Voices.quotes": N_("Quotes"),
    "Voices.surveys": N_("Surveys"),
    "Voices.you_said_we_did": N_("You said, we did"),
    "Quote.text": N_("What was said"),
    "Quote.who": N_("Who said it"),
    "Quote.consent": N_("Consent to publish"),
    "Survey.question": N_("Question"),
    "Survey.respondents": N_("Respondents"),
    "Survey.options": N_("Answers"),
    "SurveyOption.label": N_("Answer"),
    "SurveyOption.count": N_("How many chose it"),
    "Response.quote": N_("What we heard (quote)"),
    "Response.action": N_("What we did (action)"),
    "Response.summary": N_("Summary"),
}

HINTS = {
    "id": N_(
        "Lower-case letters, digits and dashes, like 'harbour-clinic'. It is used in addresses: keep it once published."
    ),
    "tags": N_("Lower-case words joined by dashes, like 'youth-voice'. Reuse the tags of other stories where you can."),
    "period": N_("A year (2025), a quarter (2025-Q3) or a month (2025-07)."),
    "StoryMeta.title": N_("The headline, as readers see it on the page, in feeds and on the social card."),
    "StoryMeta.summary": N_("One or two sentences, at most 200 characters: the text shared with the story's link."),
    "StoryMeta.slug": N_("Only to choose the address yourself; by default it comes from the file name."),
    "StoryMeta.aliases": N_("Addresses this story had before; their links keep working."),
    "StoryMeta.partners": N_("The partners the story is about. Type to search by name."),
    "StoryMeta.metrics": N_("The figures shown with the story: a metric's latest figure. Type to search."),
    "StoryMeta.date": N_("A story dated in the future waits for its date."),
    "StoryImage.alt": N_("What the picture shows, for people who cannot see it."),
    "ReviewMeta.participants": N_("At least one partner, once the review is published."),
    "ReviewMeta.body": N_(
        "Write each section under a '## ' heading. After-action review: What we expected, What happened, Why, "
        "What we sustain, What we change. Premortem: The imagined failure, Causes, Mitigations. Appreciative "
        "inquiry: Strengths, Conditions behind them, How to repeat them. Progress review: Where we are, What is "
        "working, What needs attention."
    ),
    "Action.id": N_("A short id for this action, like 'evening-shift-pass'; quotes and responses name it."),
    "Page.body": N_("The page's text. Ask the backbone team for anything beyond text, links and pictures."),
    "MetricFile.title": N_("The metric's name. A new metric's file and address are made from it."),
    "MetricFile.series": N_(
        "Add a row for each new period. For a figure that is missing, leave the figure empty and say why in the "
        "note. Leave this list empty when the figures come from a CSV file."
    ),
    "MetricFile.series_csv": N_(
        "Only for figures kept in a spreadsheet: upload it as a CSV file with the columns period,value,note; "
        "the list of figures above then stays empty."
    ),
    "MetricFile.breakdown": N_("Each partner's share of the figures, if you report it."),
    "MetricFile.order": N_("Smaller numbers come first on the scorecard."),
    "MetricFile.tolerance": N_("How far behind the straight path to the target still counts as on track (0.05 = 5%)."),
    "MetricFile.currency": N_("Only for the unit currency: a three-letter code like EUR or USD."),
    "BreakdownPart.series": N_("For a figure that is missing, leave the figure empty and say why in the note."),
    "Partner.logo": N_("An SVG or PNG file; a square one works best."),
    "Partner.joined": N_("A year (2024), a month (2024-05) or a day (2024-05-18)."),
    "Body.members": N_("The partners who sit on this body. Type to search by name."),
    "Identity.logo_reversed": N_("The same logo in white, for the coloured header."),
    "Identity.language": N_(
        "The language of the site, with its region where it matters, like en, en-GB, fr-CA or pt-BR: "
        "figures and dates are written as it writes them."
    ),
    "Identity.languages": N_(
        "For a site in several languages: each language's tag, the site's default first, like en then es."
    ),
    "PartnersFile.sectors": N_(
        "The sectors your partners belong to, in the order pages list them. Leave the list empty for "
        "public sector, private sector and civil society."
    ),
    "Sector.short": N_("A word for charts, where room is short, like 'university'. Leave empty for the name."),
    "UnitsFile.units": N_(
        "What your metrics count beyond the built-in units (a count, a percentage, money, hours, people, a ratio)."
    ),
    "Unit.id": N_("What a metric's unit names, like 'tonnes'."),
    "Unit.singular": N_("The word after a figure of one, like 'tonne'."),
    "Unit.plural": N_("The word after any other figure, like 'tonnes'."),
    "Colours.primary": N_("Header, links and buttons. The build warns when text on it is hard to read."),
    "Fonts.text": N_('Font names separated by commas, like "Source Sans 3", Arial, sans-serif'),
    "Quote.consent": N_("Only quotes with consent 'yes' are published."),
    "Valuation.valuation": N_(
        "sum: adds the figures in the window; growth: the rise over the window; latest: the newest figure."
    ),
    "InvestmentsFile.window": N_("Whole periods, both ends included."),
}

LIMIT = N_("At most {limit} characters")
ID_PATTERN = N_("Use lower-case letters, digits and dashes, like 'harbour-clinic' (at most {limit} characters)")
PERIOD_PATTERN = N_("Write a year (2025), a quarter (2025-Q3) or a month (2025-07)")
PARTIAL_DATE_PATTERN = N_("Write a year (2024), a month (2024-05) or a day (2024-05-18)")
URL_PATTERN = N_("Write a web address starting with https:// (or mailto:)")
EMAIL_PATTERN = N_("Write one e-mail address, like info@example.org")
CURRENCY_PATTERN = N_("Write a three-letter code like EUR or USD")


def label_of(owner: str, name: str) -> str:
    """The untranslated label of field ``name`` of the model ``owner``; KeyError when there is none."""
    return LABELS.get(f"{owner}.{name}") or LABELS[name]


def hint_of(owner: str, name: str) -> str | None:
    return HINTS.get(f"{owner}.{name}") or HINTS.get(name)


# Decap's own translations of its interface (decap-cms 3.16.3 registers these), by the code
# Decap gives them where it is not the language's own code.
DECAP_LOCALES = frozenset(
    "bg ca cs da de en es fa fr gr he hr hu it ja ko lt mk nb_no nl nn_no pl pt ro ru sk sl sr_Cyrl sv th tr uk "
    "vi zh_Hans zh_Hant".split()
)
_DECAP_NAMES = {"el": "gr", "nb": "nb_no", "no": "nb_no", "nn": "nn_no", "sr": "sr_Cyrl"}


def decap_locale(language: str) -> str:
    """Decap's interface language for the site's ``language`` ('fr', 'pt-BR', 'zh-TW'): its own
    translation where Decap has one, else English."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return "en"
    if locale.language == "zh":
        script = locale.script or Locale.parse(f"und_{locale.territory}" if locale.territory else "zh").script
        return "zh_Hant" if script == "Hant" else "zh_Hans"
    name = _DECAP_NAMES.get(locale.language, locale.language)
    return name if name in DECAP_LOCALES else "en"
