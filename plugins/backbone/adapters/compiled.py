"""The theme's compiled templates, kept between the builds of one process (the rebuilds of
`mkdocs serve`).

MkDocs makes a new Jinja environment for every build, and mkdocs-material's search plugin
three more for its words (``_translate``), so every rebuild compiled the theme's templates
again. Their compiled code is kept in memory (Jinja's own
bytecode cache), under the template's name and file and the environment's extensions; Jinja
compiles again any template whose source changed (it compares the source's checksum). Never
on disk: the cache folder holds data, not code a build would run.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class KeptBytecode(BytecodeCache):
    def __init__(self):
        self.kept: dict[str, bytes] = {}

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        # the extensions change what a template compiles to (the theme's i18n tags)
        key = "|".join([self.get_cache_key(name, filename), *sorted(environment.extensions)])
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        found = self.kept.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


KEPT = KeptBytecode()
