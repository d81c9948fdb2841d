"""Socio-economic calculation engine (samhällsekonomisk kalkyl / effektkalkyl).

Contract: pure Python + numpy/scipy; never imports Django or :mod:`sikt.web`. Public functions
take and return typed values and state their units (SEK, price year, per person and year).
"""
