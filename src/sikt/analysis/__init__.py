"""Needs analysis over tabular data (tvärsektoriell behovsanalys).

Contract: pure Python + DuckDB; never imports Django or :mod:`sikt.web`. Indicator queries,
breakdowns, small-cell suppression, pseudonymisation and importers live here.
"""
