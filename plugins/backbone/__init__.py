"""Backbone: branded identity sites for multi-stakeholder partnerships.

The core (everything outside ``backbone.adapters``) is plain Python that never
imports MkDocs: it reads the partnership's data, models it, and renders HTML,
images and feeds. ``backbone.adapters`` holds the thin MkDocs plugins.
"""

__version__ = "0.3.0.dev0"
