"""graphql/schema.graphql, the committed SDL, must match the schema the code builds."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from core.management.commands.export_schema import schema_sdl

REGENERATE = "run `make schema` (or `python manage.py export_schema`) and commit the file"


def test_schema_file_is_up_to_date():
    path = Path(settings.GRAPHENE["SCHEMA_OUTPUT"])
    assert path.exists(), f"{path} is missing: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == schema_sdl(), (
        f"{path} is out of date with the code: {REGENERATE}"
    )


def test_export_schema_writes_then_checks(tmp_path):
    output = tmp_path / "schema.graphql"
    call_command("export_schema", output=str(output))
    assert output.read_text(encoding="utf-8") == schema_sdl()
    call_command("export_schema", "--check", output=str(output))

    output.write_text(schema_sdl().replace("products", "goods"), encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("export_schema", "--check", output=str(output))
    assert "goods" in output.read_text(encoding="utf-8")
