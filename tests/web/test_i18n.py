"""Every Swedish message is translated and compiled (the .mo files ship with the code).

The shell's catalogue is ``src/sikt/web/locale``; each app keeps its own next to its code
(``src/sikt/web/<app>/locale``), so areas can be translated independently.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

import sikt.web

CATALOGUES = sorted(Path(sikt.web.__file__).parent.glob("**/locale/sv/LC_MESSAGES/django.po"))


def _po_entries(po: Path) -> list[tuple[str, str]]:
    text = po.read_text(encoding="utf-8")
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


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-5])
def test_every_message_has_a_swedish_translation(po: Path) -> None:
    untranslated = [msgid for msgid, msgstr in _po_entries(po) if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: po.parts[-5])
def test_compiled_catalogue_matches_the_po_file(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr in _po_entries(po)
        if "\\" not in msgid and catalogue.gettext(msgid) != msgstr.replace('\\"', '"')
    ]
    assert stale == [], f"run: cd {po.parents[3]} && django-admin compilemessages"
