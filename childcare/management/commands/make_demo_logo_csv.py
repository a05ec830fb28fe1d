from pathlib import Path

from django.core.management.base import BaseCommand

from childcare.subsidy.demo import demo_logo_csv


class Command(BaseCommand):
    help = "Write a demo LoGo form CSV export of babysitter-subsidy applications (made-up people)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--count", type=int, default=12)
        parser.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8",
                            help="utf-8 (with a BOM) or cp932 (Shift_JIS), as LoGo downloads come")

    def handle(self, *args, file: Path, count: int, encoding: str, **options):
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(demo_logo_csv(count=count, encoding=encoding))
        self.stdout.write(f"Wrote {count} answers to {file} ({encoding}).")
