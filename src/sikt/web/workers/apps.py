from django.apps import AppConfig


class WorkersConfig(AppConfig):
    name = "sikt.web.workers"
    label = "workers"
