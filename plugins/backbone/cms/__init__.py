"""Editing in the browser: a Decap CMS admin generated from Backbone's own schemas.

The configuration Decap reads (``admin/config.yml``) is made from the same pydantic models that
validate the data (``widgets.py`` walks them), so the forms and the checks cannot drift apart.
Nothing here imports MkDocs: the adapter (``adapters/cms.py``) hands in plain facts about the
site and publishes the files of ``admin/`` that ``admin.py`` lists.

    labels.py       every label and hint, through one function a gettext catalog can translate
    widgets.py      a pydantic field → a Decap field (widgets, limits, patterns, references)
    choices.py      what references and selects offer (partners, metrics, claims, stories, actions)
    collections.py  one collection per kind of file: stories, reviews, pages, metrics, data files
    config.py       the whole configuration: backend, media, locale, i18n, local backend
    admin.py        the files of /admin/: the page, the configuration, the vendored Decap, previews
    edit.py         `backbone edit`: the preview and decap-server, on 127.0.0.1 only
    vendor/         decap-cms 3.16.3 from npm, unchanged (scripts/vendor_decap.py re-makes it)
    admin/          the admin page's own script and style (the previews)
"""
