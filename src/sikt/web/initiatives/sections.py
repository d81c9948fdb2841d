"""Links to other apps' parts of an initiative on its detail page, and the sections reviewers
can comment on.

The design and calculation apps register their pages in ``AppConfig.ready()``::

    from sikt.web.initiatives.sections import register
    register("logic_model", _("Logic model"), "design:logic-model", order=40)

``url_name`` is reversed with ``pk`` = the initiative's id. Every registered key is also a
section a reviewer's comment can be attached to.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DetailSection:
    key: str
    label: Promise | str
    url_name: str
    order: int = 100


_SECTIONS: dict[str, DetailSection] = {}

#: Sections of this app (shown on the detail page itself) and a general one.
OWN_COMMENT_SECTIONS: tuple[tuple[str, Promise], ...] = (
    ("general", _("The application as a whole")),
    ("idea", _("Idea description")),
    ("plan", _("Project plan")),
    ("criteria", _("Criteria assessment")),
)


def register(key: str, label: Promise | str, url_name: str, *, order: int = 100) -> None:
    """Register (or replace) a link to another app's page about an initiative."""
    _SECTIONS[key] = DetailSection(key, label, url_name, order)


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def detail_sections() -> list[DetailSection]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def comment_sections() -> list[tuple[str, Promise | str]]:
    """``(key, label)`` of every section a comment may be attached to."""
    own = list(OWN_COMMENT_SECTIONS)
    known = {key for key, _label in own}
    return own + [(s.key, s.label) for s in detail_sections() if s.key not in known]
