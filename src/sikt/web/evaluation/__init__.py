"""Evaluation of initiatives (DOMAIN §3.5–3.6, SKL 004 §5 and appendix A; issue 11).

The evaluator opens the evaluation design recorded at planning (comparison alternative,
success criteria), uploads pseudonymised outcome records, runs the estimator the design names
(``sikt.stats``) as a background task and reads the estimate with its interval, the balance
table, the propensity-score overlap, the sample sizes and the sensitivity to unmeasured
confounding — with small counts suppressed — set against the success criterion agreed before
the start. Every run keeps its inputs' hash, the software version and the seed.
"""
