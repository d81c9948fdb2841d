from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sikt.web.accounts.models import User
from sikt.web.api import tokens


def token_for(user: User) -> str:
    return tokens.token_create(actor=user, name="test")[1]


class ApiClient:
    """The Django test client speaking JSON with a bearer token to ``/api/v1/``."""

    def __init__(self, token: str | None, language: str = "sv") -> None:
        self.client = Client()
        self.headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(f"/api/v1{path}", params, **self.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        call = getattr(self.client, method)
        return call(f"/api/v1{path}", body, content_type="application/json", **self.headers)


@pytest.fixture
def api_as() -> Any:
    def build(user: User, language: str = "sv") -> ApiClient:
        return ApiClient(token_for(user), language)

    return build
