from django.apps import AppConfig


class GenerationsConfig(AppConfig):
    name = "sikt.web.generations"
    label = "generations"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from sikt.web.generations import migration_ended, migration_started, watch

        connection_created.connect(watch, dispatch_uid="sikt-generations")
        pre_migrate.connect(migration_started, dispatch_uid="sikt-generations")
        post_migrate.connect(migration_ended, dispatch_uid="sikt-generations")
