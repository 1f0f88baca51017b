"""Link previews of every page: Open Graph and Twitter tags, and the 1200×630 cards they show.

``tags`` makes the <meta> tags from a plain ``Preview`` (stories and every other page share
it); ``cards`` draws the cards of the home page, the scorecard, each metric and each partner.
"""
