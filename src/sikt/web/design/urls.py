"""URLs of the design area. Every URL with a record names it by ``pk`` and is an object view
(tests/web/test_tenancy.py): pages and creation URLs use the initiative (or, for indicators,
the logic-model element); changing and deleting use the record itself."""

from __future__ import annotations

from django.urls import URLPattern, path

from sikt.web.design import views, views_items
from sikt.web.design.kinds import ITEM_KINDS, SECTIONS
from sikt.web.design.models import LogicElement
from sikt.web.initiatives.models import Initiative
from sikt.web.policy import Action, ViewDecision, decide, rule
from sikt.web.scoped import object_view

app_name = "design"

_PAGES = (
    ("utformning", "overview", views.overview),
    ("logikmodell", "logic-model", views.logic_model),
    ("risker", "risks", views.risks),
    ("utvardering", "evaluation", views.evaluation),
    ("kommunikation", "communication", views.communication),
)

#: URL segments of the list kinds (Swedish, as the user sees them).
_ITEM_SEGMENTS = {
    "element": "logikmodell/steg",
    "indicator": "logikmodell/indikatorer",
    "risk": "risker",
    "stop-criterion": "stoppkriterier",
    "success-criterion": "framgangskriterier",
    "stakeholder": "intressenter",
    "communication": "kommunikation",
}

_SECTION_SEGMENTS = {
    "purpose": "syfte",
    "target-group": "malgrupp",
    "comparison": "jamforelsealternativ",
    "follow-up": "uppfoljningsplan",
    "organisation": "projektorganisation",
    "impact": "konsekvensbeskrivning",
    "implementation": "implementeringsplan",
}


INITIATIVE = "initiatives.initiative"


def _decisions() -> dict[str, ViewDecision]:
    """Which rule of sikt.web.policy decides each view (tests/web/test_view_matrix.py): the
    pages and sections show to every reader (a section's form and its POST only to editors);
    the lists' records
    are created, changed and deleted by their own rule."""
    decisions = {"index": rule(INITIATIVE, Action.VIEW)}
    decisions.update({name: rule(INITIATIVE, Action.VIEW) for _, name, _ in _PAGES})
    decisions.update(
        {
            f"section-{key}": rule(
                INITIATIVE,
                Action.VIEW,
                post=rule(section.model._meta.label_lower, Action.CHANGE),
            )
            for key, section in SECTIONS.items()
        }
    )
    for key, kind in ITEM_KINDS.items():
        label = kind.model._meta.label_lower
        decisions[f"{key}-create"] = rule(label, Action.CREATE)
        decisions[f"{key}-edit"] = rule(label, Action.CHANGE)
        decisions[f"{key}-delete"] = rule(label, Action.DELETE)
    return decisions


def _patterns() -> list[URLPattern]:
    patterns = [path("satsningar/utformning/", views.index, name="index")]
    for segment, name, view in _PAGES:
        patterns.append(
            path(f"satsningar/<int:pk>/{segment}/", object_view(Initiative)(view), name=name)
        )
    for key, section in SECTIONS.items():
        patterns.append(
            path(
                f"satsningar/<int:pk>/utformning/{_SECTION_SEGMENTS[key]}/",
                object_view(Initiative)(views.section_edit),
                {"section": section.key},
                name=f"section-{key}",
            )
        )
    for key, kind in ITEM_KINDS.items():
        segment = _ITEM_SEGMENTS[key]
        if kind.parent is LogicElement:
            create = path(
                "satsningar/logikmodell/steg/<int:pk>/indikatorer/ny/",
                object_view(LogicElement)(views_items.item_create),
                {"kind": key},
                name=f"{key}-create",
            )
        else:
            create = path(
                f"satsningar/<int:pk>/{segment}/ny/",
                object_view(Initiative)(views_items.item_create),
                {"kind": key},
                name=f"{key}-create",
            )
        patterns += [
            create,
            path(
                f"satsningar/{segment}/<int:pk>/andra/",
                object_view(kind.model)(views_items.item_edit),
                {"kind": key},
                name=f"{key}-edit",
            ),
            path(
                f"satsningar/{segment}/<int:pk>/ta-bort/",
                object_view(kind.model)(views_items.item_delete),
                {"kind": key},
                name=f"{key}-delete",
            ),
        ]
    return patterns


urlpatterns = decide(_patterns(), _decisions())
