"""Backbone's build: pyproject.toml says everything but one thing it cannot say.

The theme's source is the repository's top-level ``theme/`` folder; it ships inside the package
as ``backbone/theme``, where ``backbone.themefolder`` finds it in a wheel. An editable install
or a source tree on PYTHONPATH finds the top-level folder itself, so nothing is copied then.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME = Path(__file__).resolve().parent / "theme"


class BuildPy(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "backbone" / "theme"
        for path in sorted(THEME.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                self.mkpath(str(target / path.relative_to(THEME).parent))
                self.copy_file(str(path), str(target / path.relative_to(THEME)))


setup(cmdclass={"build_py": BuildPy})
