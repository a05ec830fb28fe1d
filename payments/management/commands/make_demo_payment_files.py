from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance.tenancy.models import Municipality
from payments.demo import TENANT, demo_result_files


class Command(BaseCommand):
    help = "Write the demo result files (速報, 速報取消, 確報) for the demo slips into a folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        tenant = Municipality.objects.filter(name=TENANT).first()
        if tenant is None:
            raise CommandError("Load the demo data first (manage.py load_demo)")
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in demo_result_files(tenant):
            (folder / name).write_bytes(data)
            self.stdout.write(str(folder / name))
