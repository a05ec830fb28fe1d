"""``migrate`` as the owner of the tables, then the grants of the role the application runs as (PostgreSQL).

With ``MIGRATION_DATABASE_URL`` set (settings.MIGRATION_DATABASE) and naming another role than
``DATABASE_URL``, migrations connect with the owner's credentials to the configured database, and
afterwards the application's role is created if missing and granted exactly what it needs
(``audit.database.runtime_role_grant``): after every migration, so new tables are covered. Without
it (SQLite, or one role for both), this is Django's ``migrate`` unchanged.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import connections

from audit.database import RuntimeRoleRefused, runtime_role_grant

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    help = migrate.Command.help + " Connects as MIGRATION_DATABASE_URL's role, then grants DATABASE_URL's role."

    def handle(self, *args, **options):
        connection = connections[options["database"]]
        owner = settings.MIGRATION_DATABASE
        if (owner is None or connection.vendor != "postgresql"
                or owner.get("USER") == connection.settings_dict.get("USER")):
            return super().handle(*args, **options)
        runtime = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
        connection.close()
        connection.settings_dict.update({key: owner.get(key) for key in CREDENTIALS})
        try:
            super().handle(*args, **options)
            try:
                runtime_role_grant(connection, role=runtime["USER"], password=runtime["PASSWORD"] or None)
            except RuntimeRoleRefused as refused:
                raise CommandError(str(refused)) from refused
            if options["verbosity"] >= 1:
                self.stdout.write(f"Granted the application's role {runtime['USER']!r}: audit rows insert and "
                                  "read only.")
        finally:
            connection.close()
            connection.settings_dict.update(runtime)
