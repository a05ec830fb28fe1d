"""Compare the businesses held exactly to their registry (保育業務支援システム) with the registry, both ways.

Exit status 1 when the registry lists an item no field holds, or a record holds a value in a field the registry
does not list for its business. Prints item and field names and counts, never a value.
"""

from django.core.management.base import BaseCommand, CommandError

from childcare.children.checks import exact_businesses_check


class Command(BaseCommand):
    help = "Check that each business held exactly to its registry holds every item listed and no other field"

    def handle(self, *args, **options):
        results = exact_businesses_check()
        if not results:
            self.stdout.write("No business held exactly to its registry is registered in any municipality.")
        for result in results:
            self.stdout.write(f"{result.municipality} {result.business}: "
                              f"{'OK' if result.ok else 'MISMATCH'}")
            for item in result.unheld_items:
                self.stdout.write(f"  listed by the registry, held by no field: {item}")
            for name in result.foreign_fields:
                count = result.records_holding_foreign.get(name, 0)
                self.stdout.write(f"  not listed, {'held by ' + str(count) + ' record(s)' if count else 'empty'}: "
                                  f"{name}")
        if not all(r.ok for r in results):
            raise CommandError("A business holds fields its registry does not list, or lacks items it lists")
