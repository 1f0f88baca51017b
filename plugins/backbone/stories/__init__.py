"""Vignettes: short stories of the partnership's value, written once in Markdown and
turned into every channel (web page, social card, slide, e-mail, newsletter, feeds).

read (``load``) → model (``model``, ``catalog``) → render (``pages``, ``share``,
``cards``, ``email``). None of these modules imports MkDocs.
"""
