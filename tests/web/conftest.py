from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from sikt.web.accounts.models import Organization, Role, User
from tests.web.factories import make_organization, make_user


@pytest.fixture
def organization(db: None) -> Organization:
    return make_organization("Uppsala testkommun")


@pytest.fixture
def other_organization(db: None) -> Organization:
    return make_organization("Annan kommun")


@pytest.fixture
def coordinator(organization: Organization) -> User:
    return make_user(organization, Role.COORDINATOR, username="samordnaren")


@pytest.fixture
def viewer(organization: Organization) -> User:
    return make_user(organization, Role.VIEWER, username="lasaren")


def login(client: Client, user: User) -> Client:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def coordinator_client(client: Client, coordinator: User) -> Client:
    return login(client, coordinator)


@pytest.fixture
def migrated_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a server with a migrated database of its own: SQLite in its data
    directory, or a new database on the PostgreSQL server the suite runs against."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIKT_", "DJANGO_"))}
    env["SIKT_DATA_DIR"] = str(tmp_path / "data")
    server_url = os.environ.get("SIKT_DATABASE_URL", "")
    name = f"test_live_{uuid.uuid4().hex[:10]}"
    if server_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        parts = urllib.parse.urlsplit(server_url)
        env["SIKT_DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    migrated = subprocess.run(
        [sys.executable, "-m", "sikt.cli", "migrate"], env=env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    yield env
    if server_url.startswith("postgres"):
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
