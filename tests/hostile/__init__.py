"""Hostile and careless input (issue 15): a corpus of datasets built by script, and its tests."""
