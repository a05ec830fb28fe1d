from childcare.operations.vendor import vendor_send
from governance.tenancy.commands import WardCommand


class Command(WardCommand):
    help = ("Send the nurseries' children, guardians and households to the operations-support system's ASP vendor "
            "through the exchange gate: the approved items only, one handover-ledger entry per file; a denied "
            "sync (the approval's period over …) moves nothing.")
    user_help = "Username of the designated handler running the sync"

    def act(self, *, actor, municipality, **options):
        sent = vendor_send(actor=actor, municipality=municipality)
        for subject, result in sent.results.items():
            entry = result.entry
            # The password is shown once, never stored: hand it to the vendor by another route than the file.
            self.stdout.write(f"{subject}: handover ledger #{entry.pk}, {entry.record_count} records, "
                              f"{len(entry.items)} items, file {entry.file_name}, password (shown once): "
                              f"{result.password}")
