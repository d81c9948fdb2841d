"""Sikt: a platform for social investments (sociala investeringar) in Swedish municipalities.

The package has three framework-free cores (:mod:`sikt.calc`, :mod:`sikt.stats`,
:mod:`sikt.analysis`), a Django web shell (:mod:`sikt.web`) and a command line (:mod:`sikt.cli`).
"""

__version__ = "0.1.0"
