from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Effect evaluation of initiatives (issue 11)."""

    name = "sikt.web.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from sikt.web.evaluation.implementation import FREEZER_KEY, frozen_plan, plan_complete
        from sikt.web.evaluation.rules import EVALUATION_RULES, open_for
        from sikt.web.initiatives import freezing, requirements, sections
        from sikt.web.policy import RULES, register_condition, register_rules

        if not set(EVALUATION_RULES) & set(RULES):
            register_rules(EVALUATION_RULES)
        register_condition(open_for)
        freezing.register(FREEZER_KEY, frozen_plan)
        requirements.register(
            "implementation_plan_complete",
            requirements.AGREED_LABELS["implementation_plan_complete"],
            plan_complete,
        )
        sections.register("evaluation", _("Evaluation"), "evaluation:initiative", order=90)
        # Decision material of the implementation decision, on the initiative's page.
        sections.register("final_report", _("Final report"), "evaluation:final-report", order=91)
        sections.register(
            "implementation_plan", _("Implementation plan"), "evaluation:plan", order=92
        )
