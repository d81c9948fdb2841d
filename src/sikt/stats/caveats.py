"""Plain-language caveats (Swedish and English) attached to estimator results."""

from __future__ import annotations

from sikt.text import Text

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
