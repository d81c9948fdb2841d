"""Single sign-on with OpenID Connect (issue 13 §13), against a test identity provider served
in-process: its token, userinfo and JWKS endpoints answer the library's HTTP calls, and its ID
tokens are really RS256-signed with a fresh RSA key and verified by Sikt against the JWKS."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse
from jwt.algorithms import RSAAlgorithm

from sikt.web import config
from sikt.web.accounts.models import ExternalLogin, Membership, Organization, Role, User

pytestmark = pytest.mark.django_db

ISSUER = "https://idp.test/kommun"
CLIENT_ID = "sikt-test"
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/jwks",
}


class Response:
    """What ``requests`` returns, as far as mozilla-django-oidc reads it."""

    def __init__(self, body: dict[str, Any], status_code: int = 200) -> None:
        self.body, self.status_code = body, status_code
        self.headers = {"content-type": "application/json"}
        self.text, self.url = json.dumps(body), ""

    def json(self) -> dict[str, Any]:
        return self.body

    def raise_for_status(self) -> None:
        assert self.status_code == 200


class TestProvider:
    """A minimal identity provider: signs ID tokens, publishes its key, answers userinfo."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict[str, Any] = {}
        self.signing_key = self.key
        self.token_requests: list[dict[str, Any]] = []
        self.nonce = ""  # the one Sikt sent with the browser, put into the next ID token

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300, "nonce": nonce}
        return jwt.encode(
            {**payload, **self.claims}, self.signing_key, algorithm="RS256", headers={"kid": "k1"}
        )

    def get(self, url: str, **kwargs: Any) -> Response:
        if url == ENDPOINTS["OIDC_OP_JWKS_ENDPOINT"]:
            return Response(self.jwks())
        assert url == ENDPOINTS["OIDC_OP_USER_ENDPOINT"]
        assert kwargs["headers"]["Authorization"] == "Bearer access-1"
        return Response({"sub": self.claims["sub"], "email": self.claims.get("email", "")})

    def post(self, url: str, data: dict[str, Any], **kwargs: Any) -> Response:
        assert url == ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"]
        self.token_requests.append(data)
        return Response({"id_token": self.id_token(self.nonce), "access_token": "access-1"})


@pytest.fixture
def provider(settings: Any, monkeypatch: pytest.MonkeyPatch) -> TestProvider:
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "hemligt"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_USE_PKCE = True
    settings.OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
    settings.OIDC_RP_SCOPES = "openid email profile"
    for name, url in ENDPOINTS.items():
        setattr(settings, name, url)
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "sikt.web.accounts.oidc.SiktOIDCBackend",
    ]
    settings.SIKT_OIDC_ROLE_MAP = {"Sikt.Ekonom": "economist", "Sikt.Samordnare": "coordinator"}
    settings.SIKT_OIDC_ROLES_CLAIM = "roles"
    settings.SIKT_OIDC_ORGANIZATION_CLAIM = "organization_number"
    idp = TestProvider()
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", idp.get)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", idp.post)
    return idp


def sign_in(client: Client, idp: TestProvider, **claims: Any) -> Any:
    """The browser's round trip: Sikt → provider (the user logs in there) → Sikt."""
    idp.claims = claims
    start = client.get(reverse("oidc-login"))
    assert start.status_code == 302
    location = urlparse(start["Location"])
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    assert query["client_id"] == CLIENT_ID and query["code_challenge_method"] == "S256"
    idp.nonce = query["nonce"]
    return client.get(reverse("oidc-callback"), {"code": "code-1", "state": query["state"]})


def logged_in_user(client: Client) -> User | None:
    from django.contrib.auth import get_user

    user = get_user(client)  # type: ignore[arg-type]
    return user if user.is_authenticated else None  # type: ignore[return-value]


CLAIMS = {
    "sub": "a1b2-c3",
    "preferred_username": "eva.ekonom@kommun.se",
    "email": "eva.ekonom@kommun.se",
    "given_name": "Eva",
    "family_name": "Ekonom",
    "roles": ["Sikt.Ekonom", "Okänd.Roll"],
}


def test_first_login_creates_the_user_with_roles_from_the_claims_and_later_logins_update_them(
    client: Client, provider: TestProvider, organization: Organization
) -> None:
    page = client.get(reverse("login")).content.decode()
    assert reverse("oidc-login") in page

    response = sign_in(
        client, provider, **CLAIMS, organization_number=organization.organization_number
    )

    assert response.status_code == 302 and response["Location"] == reverse("shell:home")
    user = logged_in_user(client)
    assert user is not None and user.username == "eva.ekonom@kommun.se"
    assert not user.has_usable_password()
    assert ExternalLogin.objects.get(user=user).subject == "a1b2-c3"
    assert set(Membership.objects.filter(user=user).values_list("role", flat=True)) == {
        Role.ECONOMIST
    }
    assert provider.token_requests[0]["code_verifier"]  # PKCE
    assert "Eva Ekonom" in client.get(reverse("shell:home")).content.decode()

    # The provider now says coordinator, no longer economist: Sikt follows at the next login.
    client.logout()
    sign_in(
        client,
        provider,
        **{**CLAIMS, "roles": "Sikt.Samordnare"},
        organization_number=organization.organization_number,
    )
    assert logged_in_user(client) == user
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == [
        Role.COORDINATOR
    ]
    assert User.objects.filter(external_logins__isnull=False).count() == 1


@pytest.mark.parametrize(
    ("problem", "change"),
    [
        ("signed with another key", {"signing_key": "other"}),
        ("for another client", {"aud": "another-app"}),
        ("from another issuer", {"iss": "https://evil.test"}),
        ("expired", {"exp": 1}),
        ("organisation unknown to Sikt", {"organization_number": "999999-9999"}),
        ("no role mapped", {"roles": ["Okänd.Roll"]}),
    ],
)
def test_a_token_that_fails_a_check_logs_nobody_in(
    client: Client,
    provider: TestProvider,
    organization: Organization,
    problem: str,
    change: dict[str, Any],
) -> None:
    claims = {**CLAIMS, "organization_number": organization.organization_number, **change}
    if claims.pop("signing_key", None):
        provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    response = sign_in(client, provider, **claims)

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert logged_in_user(client) is None, problem
    assert not User.objects.filter(external_logins__isnull=False).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Inloggningen via din organisation lyckades inte" in page


def test_without_configuration_there_is_no_single_sign_on(client: Client) -> None:
    assert reverse("oidc-login") not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc-login")).status_code == 404
    assert client.get(reverse("oidc-callback")).status_code == 404


def test_the_configuration_is_checked_before_sikt_starts(tmp_path: Any) -> None:
    env = {
        "SIKT_DATA_DIR": str(tmp_path),
        "SIKT_OIDC_ISSUER": ISSUER,
        "SIKT_OIDC_CLIENT_ID": CLIENT_ID,
        "SIKT_OIDC_CLIENT_SECRET": "hemligt",
        "SIKT_OIDC_AUTHORIZATION_URL": f"{ISSUER}/authorize",
        "SIKT_OIDC_TOKEN_URL": f"{ISSUER}/token",
        "SIKT_OIDC_USERINFO_URL": f"{ISSUER}/userinfo",
        "SIKT_OIDC_JWKS_URL": f"{ISSUER}/jwks",
        "SIKT_OIDC_ROLE_MAP": "Sikt.Ekonom=economist, Sikt.Samordnare=coordinator",
    }
    loaded = config.load(env)
    assert loaded.oidc["issuer"] == ISSUER and loaded.oidc["roles_claim"] == "roles"
    assert loaded.oidc_role_map == {"Sikt.Ekonom": "economist", "Sikt.Samordnare": "coordinator"}
    assert config.load({"SIKT_DATA_DIR": str(tmp_path)}).oidc == {}
    with pytest.raises(config.ConfigError, match="SIKT_OIDC_JWKS_URL must be set"):
        config.load({k: v for k, v in env.items() if k != "SIKT_OIDC_JWKS_URL"})
    with pytest.raises(config.ConfigError, match=r"SIKT_OIDC_ROLE_MAP: 'Sikt\.Chef=boss'"):
        config.load({**env, "SIKT_OIDC_ROLE_MAP": "Sikt.Chef=boss"})
