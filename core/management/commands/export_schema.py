"""Write the GraphQL schema as SDL to graphql/schema.graphql (`make schema`), or check it."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.schema import schema


def schema_sdl() -> str:
    return f"{schema}\n"


class Command(BaseCommand):
    help = "Write the GraphQL schema (SDL) to graphql/schema.graphql; --check only compares."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit with an error if the file differs from the code.",
        )
        parser.add_argument(
            "--output",
            default=settings.GRAPHENE["SCHEMA_OUTPUT"],
            help="The file to write or check (default: %(default)s).",
        )

    def handle(self, *args, check=False, output=None, **options):
        path = Path(output)
        sdl = schema_sdl()
        if check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != sdl:
                raise CommandError(
                    f"{path} is out of date with the code: run `make schema` "
                    "(manage.py export_schema) and commit the file."
                )
            self.stdout.write(f"{path} is up to date.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sdl, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
