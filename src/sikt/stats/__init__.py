"""Statistics for effect evaluation (effektutvärdering).

Contract: pure Python + numpy/scipy/statsmodels; never imports Django or :mod:`sikt.web`.
Estimators return typed results with estimate, standard error, interval and caveats.
"""
