"""The database refuses UPDATE and DELETE on the ledger (see sikt.web.funds.triggers)."""

from django.db import migrations

from sikt.web.funds import triggers


class Migration(migrations.Migration):
    dependencies = [("funds", "0001_initial")]

    operations = [migrations.RunPython(triggers.install, triggers.remove)]
