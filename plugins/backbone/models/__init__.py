"""Typed models of a partnership's data files (pydantic, no MkDocs)."""
