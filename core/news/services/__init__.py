"""Writes of the news area: boards and settings, articles and their workflow, reads, feeds."""
