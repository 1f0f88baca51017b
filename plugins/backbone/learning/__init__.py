"""The learning loop: reviews, their actions, and the community's voice (no MkDocs)."""
