"""Where Backbone's overrides of mkdocs-material are.

Their source is the repository's top-level ``theme/`` folder. A wheel carries them inside the
package, as ``backbone/theme`` (setup.py copies them there when it builds); a source tree
(an editable install, or ``plugins/`` on PYTHONPATH) has them beside ``plugins/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def theme_folder() -> Path:
    inside = PACKAGE / "theme"  # installed from a wheel or an sdist
    return inside if inside.is_dir() else PACKAGE.parents[1] / "theme"  # the repository's own
