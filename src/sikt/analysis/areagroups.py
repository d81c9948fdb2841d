"""Groups of areas in the indicator store, e.g. Kolada's "liknande kommuner".

A comparison against *similar municipalities* (004 §3: jämförbara/liknande kommuner) needs to
know who is in the group. Groups come from Kolada (``/municipality_groups``) or are made by the
organisation; members are area codes. Kept in the organisation's DuckDB file beside the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sikt.analysis.store import IndicatorStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS area_group (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    source VARCHAR NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS area_group_member (
    group_id VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class AreaGroup:
    id: str
    title: str
    members: tuple[str, ...]
    source: str = ""


def save_groups(store: IndicatorStore, groups: Sequence[AreaGroup]) -> None:
    """Add or replace groups (a group's members are replaced as a whole)."""
    with store.connect() as con:
        con.execute(SCHEMA)
        con.execute("BEGIN TRANSACTION")
        try:
            for group in groups:
                con.execute(
                    "INSERT OR REPLACE INTO area_group VALUES (?, ?, ?)",
                    [group.id, group.title, group.source],
                )
                con.execute("DELETE FROM area_group_member WHERE group_id = ?", [group.id])
                if group.members:
                    con.executemany(
                        "INSERT INTO area_group_member VALUES (?, ?)",
                        [(group.id, code) for code in dict.fromkeys(group.members)],
                    )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise


def area_groups(store: IndicatorStore) -> list[AreaGroup]:
    """Every group with its members, by title."""
    with store.connect() as con:
        con.execute(SCHEMA)
        rows = con.execute(
            "SELECT g.id, g.title, g.source, list(m.area_code ORDER BY m.area_code) "
            "FROM area_group g LEFT JOIN area_group_member m ON m.group_id = g.id "
            "GROUP BY g.id, g.title, g.source ORDER BY g.title, g.id"
        ).fetchall()
    return [
        AreaGroup(gid, title, tuple(c for c in members or [] if c is not None), source)
        for gid, title, source, members in rows
    ]


def area_group(store: IndicatorStore, group_id: str) -> AreaGroup | None:
    return next((g for g in area_groups(store) if g.id == group_id), None)


def groups_with(store: IndicatorStore, area_code: str) -> list[AreaGroup]:
    """The groups that ``area_code`` is a member of."""
    return [g for g in area_groups(store) if area_code in g.members]
