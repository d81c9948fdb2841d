"""Every Swedish message is translated and compiled (the .mo ships with the code)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import sikt.web

LOCALE = Path(sikt.web.__file__).parent / "locale" / "sv" / "LC_MESSAGES"


def _po_entries() -> list[tuple[str, str]]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            raise AssertionError(f"fuzzy entry in django.po: {block[:200]}")
        msgid = "".join(re.findall(r'"(.*)"', block.split("msgid ", 1)[-1].split("msgstr", 1)[0]))
        msgstr = (
            "".join(re.findall(r'"(.*)"', block.split("msgstr ", 1)[-1]))
            if "msgstr" in block
            else ""
        )
        if "msgid " in block and msgid:
            entries.append((msgid, msgstr))
    return entries


def test_every_message_has_a_swedish_translation() -> None:
    untranslated = [msgid for msgid, msgstr in _po_entries() if not msgstr]
    assert untranslated == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr in _po_entries()
        if "\\" not in msgid and catalogue.gettext(msgid) != msgstr.replace('\\"', '"')
    ]
    assert stale == [], "run: cd src/sikt/web && django-admin compilemessages"
