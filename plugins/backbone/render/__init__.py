"""Rendering the partnership's pages and assets (HTML fragments, no MkDocs)."""
