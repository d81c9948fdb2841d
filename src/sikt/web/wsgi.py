"""WSGI entry point for production servers (``sikt serve`` uses it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sikt.web.settings")
application = get_wsgi_application()
