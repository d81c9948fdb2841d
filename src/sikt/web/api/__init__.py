"""The open REST API (``/api/v1/``): the same records, policy and services as the pages."""
