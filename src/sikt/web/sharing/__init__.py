"""Shared models across organisations and the knowledge bank (issue 11 item 7).

A coordination association (or any organisation) publishes evaluation models — unit costs,
logic-model templates, evaluation designs — as immutable, numbered versions with provenance;
other organisations adopt a version as their own copy and are told of newer ones. An
organisation that chooses to share makes its finished evaluations' summaries searchable.
"""
