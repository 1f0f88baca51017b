"""Drawing shared by every card and picture Backbone makes: the palette canvas, the fonts, the
logo drawn from its SVG by resvg, the partnership's band, text and figures fitted to a box.

Story cards (``stories.cards``), preview cards (``previews.cards``), the feeds' logo
(``previews.logo``), the logo's measured contrast (``identity.logo``), the report's fonts
and the surveys' labels draw with it; it imports none of them.
"""
