"""Re-clean the files uploaded before core.uploads (core.upload_cleanup); safe to run again."""

from django.core.management.base import BaseCommand

from core.upload_cleanup import stored_uploads_clean


class Command(BaseCommand):
    help = (
        "Re-encode and rename uploaded files stored before the upload rules, and move return "
        "photos and ticket attachments into the private storage."
    )

    def handle(self, *args, **options):
        result = stored_uploads_clean()
        for label, names in (("missing", result.missing), ("refused", result.refused)):
            for name in names:
                self.stderr.write(f"{label}: {name}")
        self.stdout.write(
            f"{result.cleaned} cleaned, {result.already_clean} already clean, "
            f"{len(result.missing)} missing, {len(result.refused)} refused (left as they were)"
        )
