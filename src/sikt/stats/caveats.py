"""Plain-language caveats (Swedish and English) attached to estimator results."""

from __future__ import annotations

from sikt.numbers import format_number
from sikt.stats.data import StatsInputError
from sikt.stats.diagnostics import SampleSizes
from sikt.text import Text


def sv(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` decimals for a Swedish sentence (the shared formatter)."""
    return format_number(x, decimals=digits, language="sv")


def en(x: float, digits: int = 2) -> str:
    """``x`` with ``digits`` decimals for an English sentence (the shared formatter)."""
    return format_number(x, decimals=digits, language="en")


RANDOMISED = Text(
    sv="Skillnaden kan tolkas som insatsens effekt bara om grupperna verkligen lottades och "
    "bortfallet är litet och likartat i båda grupperna.",
    en="The difference can be read as the initiative's effect only if the groups really were "
    "randomised and attrition is small and similar in both groups.",
)
REGRESSION = Text(
    sv="Skattningen justerar bara för de kovariater som finns med. Utan lottning förutsätter en "
    "orsakstolkning att inga omätta skillnader mellan grupperna påverkar utfallet, och att "
    "sambandet med kovariaterna är ungefär linjärt.",
    en="The estimate adjusts only for the covariates included. Without randomisation a causal "
    "reading assumes no unmeasured differences between the groups affect the outcome and that "
    "the relation to the covariates is roughly linear.",
)
MATCHING = Text(
    sv="Matchning jämför insatsgruppen med liknande individer utan insats, men bara med avseende "
    "på de kovariater som ingår i modellen. Omätta skillnader (motivation, nätverk …) kan "
    "fortfarande snedvrida resultatet. Kontrollera balanstabellen (|SMD| < 0,1).",
    en="Matching compares the intervention group with similar individuals without the "
    "initiative, but only with respect to the covariates in the model. Unmeasured differences "
    "(motivation, networks …) may still bias the result. Check the balance table (|SMD| < 0.1).",
)
MATCHING_SE = Text(
    sv="Standardfelet tar hänsyn till matchningen (Abadie & Imbens 2006) och till att "
    "propensitetspoängen är skattad (Abadie & Imbens 2016). Det förutsätter att alla "
    "betydelsefulla skillnader mellan grupperna finns bland kovariaterna.",
    en="The standard error accounts for the matching (Abadie & Imbens 2006) and for the "
    "propensity score being estimated (Abadie & Imbens 2016). It assumes every important "
    "difference between the groups is among the covariates.",
)
MATCHING_SE_KNOWN = Text(
    sv="Standardfelet följer Abadie & Imbens (2006) och behandlar propensitetspoängen som känd "
    "(ingen justering för att den är skattad; i simuleringar blir intervallet då ofta något "
    "för brett).",
    en="The standard error follows Abadie & Imbens (2006) and treats the propensity score as "
    "known (no adjustment for its estimation; in simulations the interval then tends to be "
    "somewhat too wide).",
)
DID = Text(
    sv="Skillnad-i-skillnader förutsätter parallella trender: utan insatsen hade utfallet "
    "förändrats lika mycket i båda grupperna. Granska trenderna före start.",
    en="Difference-in-differences assumes parallel trends: without the initiative the outcome "
    "would have changed equally in both groups. Inspect the trends before the start.",
)
DID_STAGGERED = Text(
    sv="Insatsen startar vid olika tidpunkter för olika enheter. Tvåvägs fixa effekter kan då "
    "ge en missvisande skattning om effekten varierar över tid eller mellan grupper "
    "(Goodman-Bacon 2021; de Chaisemartin & D'Haultfœuille 2020).",
    en="The initiative starts at different times for different units. Two-way fixed effects "
    "can then mislead when the effect varies over time or between cohorts (Goodman-Bacon 2021; "
    "de Chaisemartin & D'Haultfœuille 2020).",
)
FEW_CLUSTERS = Text(
    sv="Färre än 30 kluster: klusterrobusta standardfel kan bli för små; tolka intervallet "
    "försiktigt.",
    en="Fewer than 30 clusters: cluster-robust standard errors may be too small; read the "
    "interval with care.",
)
BEFORE_AFTER = Text(
    sv="Svagaste designen: utan jämförelsegrupp tillskrivs all förändring över tid insatsen – "
    "även trender, mognad, återgång mot medelvärdet och andra insatser. Använd bara när inget "
    "annat jämförelsealternativ är möjligt.",
    en="The weakest design: without a comparison group every change over time is attributed "
    "to the initiative – including trends, maturation, regression to the mean and other "
    "initiatives. Use only when no other comparison alternative is possible.",
)
EARLIER = Text(
    sv="Jämförelse med ett tidigare genomförande (historisk kontroll): skillnader i tid, "
    "målgrupp, kontext och mätning mellan genomförandena kan förklara skillnaden.",
    en="Comparison with an earlier implementation (historical control): differences in time, "
    "target group, context and measurement between the implementations may explain the "
    "difference.",
)
WEIGHTING = Text(
    sv="Viktningen gör grupperna lika med avseende på de kovariater som ingår i "
    "propensitetsmodellen, men omätta skillnader (motivation, nätverk …) kan fortfarande "
    "snedvrida resultatet. Skattningen förutsätter att modellen för deltagande är rätt "
    "specificerad och att grupperna överlappar. Kontrollera balanstabellen (|SMD| < 0,1).",
    en="Weighting makes the groups alike on the covariates in the propensity model, but "
    "unmeasured differences (motivation, networks …) may still bias the result. The estimate "
    "assumes the model of participation is correctly specified and that the groups overlap. "
    "Check the balance table (|SMD| < 0.1).",
)
DOUBLY_ROBUST = Text(
    sv="Den dubbelt robusta skattningen är korrekt om antingen modellen för deltagande eller "
    "modellen för utfallet är rätt specificerad, men omätta skillnader mellan grupperna "
    "(motivation, nätverk …) kan fortfarande snedvrida resultatet.",
    en="The doubly robust estimate is consistent if either the model of participation or the "
    "outcome model is correctly specified, but unmeasured differences between the groups "
    "(motivation, networks …) may still bias the result.",
)
MATCHING_SE_NEGATIVE = Text(
    sv="Justeringen för skattad propensitetspoäng gav negativ varians; standardfelet för känd "
    "poäng (Abadie & Imbens 2006) används.",
    en="The adjustment for the estimated propensity score gave a negative variance; the "
    "known-score standard error (Abadie & Imbens 2006) is used.",
)
MATCHING_SE_NOT_ADJUSTED = Text(
    sv="Justeringen för skattad propensitetspoäng (Abadie & Imbens 2016) gäller matchning på "
    "poängen utan exakta grupper; här används standardfelet för känd poäng (Abadie & Imbens "
    "2006), som brukar vara något konservativt.",
    en="The adjustment for the estimated propensity score (Abadie & Imbens 2016) applies to "
    "matching on the score without exact strata; the known-score standard error (Abadie & "
    "Imbens 2006) is used here, which tends to be slightly conservative.",
)


def matching_name(
    distance: str, neighbours: int, replace: bool, caliper: float | None, exact: list[str]
) -> Text:
    """The matching method's name, with its options."""
    with_sv, with_en = ("med", "with") if replace else ("utan", "without")
    if distance == "mahalanobis":
        sv = f"Mahalanobismatchning 1:{neighbours} {with_sv} återläggning"
        en = f"Mahalanobis-distance matching 1:{neighbours} {with_en} replacement"
        if caliper is not None:
            sv += ", inom caliper på propensitetspoängen"
            en += ", within a propensity-score caliper"
    else:
        sv = f"Propensitetsmatchning 1:{neighbours} {with_sv} återläggning"
        en = f"Propensity-score matching 1:{neighbours} {with_en} replacement"
    if exact:
        sv += f", exakt på {', '.join(exact)}"
        en += f", exact on {', '.join(exact)}"
    return Text(sv=sv, en=en)


def matching_sample_caveats(sizes: SampleSizes, exact: bool) -> list[Text]:
    """Who was left out of the matched sample, and why."""
    out: list[Text] = []
    n_support, n_unmatched = sizes.treated_discarded, sizes.treated_unmatched
    dropped = n_support + n_unmatched
    if dropped:
        where_sv = "i samma exakta grupp, " if exact else ""
        where_en = "in the same exact stratum, " if exact else ""
        out.append(
            Text(
                sv=f"{sv(dropped, 0)} av {sv(sizes.treated_total, 0)} i insatsgruppen saknade "
                f"jämförbara individer ({sv(n_support, 0)} utanför gemensamt stöd, "
                f"{sv(n_unmatched, 0)} utan kontroll "
                f"{where_sv}inom calipern eller bland de ej redan använda) och "
                "uteslöts; effekten gäller de matchade.",
                en=f"{en(dropped, 0)} of {en(sizes.treated_total, 0)} in the intervention group "
                f"had no comparable individuals ({en(n_support, 0)} outside common support, "
                f"{en(n_unmatched, 0)} "
                f"without a control {where_en}within the caliper or still unused) and were "
                "left out; the effect applies to those matched.",
            )
        )
    if sizes.control_discarded:
        out.append(
            Text(
                sv=f"{sv(sizes.control_discarded, 0)} i jämförelsegruppen låg utanför "
                "insatsgruppens "
                "propensitetspoäng och användes inte.",
                en=f"{en(sizes.control_discarded, 0)} in the comparison group lay outside the "
                "intervention group's propensity scores and were not used.",
            )
        )
    return out


def no_overlap(treatment: str, covariates: list[str], why: str) -> StatsInputError:
    """The error when no treated unit can be matched (``why``: support, caliper, exact)."""
    reason = {
        "support": (
            "ingen i insatsgruppen har en propensitetspoäng inom jämförelsegruppens intervall",
            "no one in the intervention group has a propensity score within the comparison "
            "group's range",
        ),
        "caliper": (
            "ingen i insatsgruppen har en jämförbar individ inom calipern",
            "no one in the intervention group has a comparable individual within the caliper",
        ),
        "exact": (
            "ingen i insatsgruppen har en jämförbar individ i samma exakta grupp och inom calipern",
            "no one in the intervention group has a comparable individual in the same exact "
            "stratum and within the caliper",
        ),
    }[why]
    return StatsInputError(
        Text(
            sv=f"Ingen överlappning mellan grupperna i '{treatment}' ({reason[0]}; kovariater: "
            f"{', '.join(covariates)}). Matchning är inte möjlig.",
            en=f"No overlap between the groups in '{treatment}' ({reason[1]}; covariates: "
            f"{', '.join(covariates)}). Matching is not possible.",
        ),
        column=treatment,
    )
