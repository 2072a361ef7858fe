"""Bring files stored before core.uploads existed up to its rules: every file field whose
`upload_to` is an UploadPath gets its file re-cleaned (format detected, image re-encoded),
renamed `<folder>/<random>.<ext>` and moved into the field's storage (the private one for
return photos and ticket attachments), the old file deleted. Files already named that way in
the right storage are left alone, so it can be run any number of times
(`manage.py uploads_clean`). Generic over the models, so core imports no app."""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files import File
from django.core.files.storage import storages
from django.db import models

from core.uploads import (
    BY_EXTENSION,
    IMAGE_FORMATS,
    IMAGE_OR_PDF_FORMATS,
    UploadPath,
    UploadRefused,
    upload_clean,
)


@dataclass
class CleanupResult:
    cleaned: int = 0
    already_clean: int = 0
    missing: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def upload_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, model_field)
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.FileField)
        and isinstance(model_field.upload_to, UploadPath)
    ]


def stored_uploads_clean() -> CleanupResult:
    result = CleanupResult()
    extensions = "|".join(re.escape(extension) for extension in BY_EXTENSION)
    for model, file_field in upload_fields():
        done = re.compile(
            rf"^{re.escape(file_field.upload_to.folder)}/[0-9a-f]{{32}}\.({extensions})$"
        )
        formats = (
            IMAGE_FORMATS if isinstance(file_field, models.ImageField) else IMAGE_OR_PDF_FORMATS
        )
        storage = file_field.storage
        rows = model._default_manager.exclude(**{file_field.name: ""}).order_by("pk")
        for row in rows.iterator():
            stored = getattr(row, file_field.name)
            name = stored.name
            if done.match(name) and storage.exists(name):
                result.already_clean += 1
                continue
            source = next(
                (where for where in (storage, storages["default"]) if where.exists(name)), None
            )
            if source is None:
                result.missing.append(f"{model._meta.label} {row.pk}: {name}")
                continue
            try:
                with source.open(name, "rb") as old:
                    clean = upload_clean(old, formats=formats)
            except UploadRefused:
                # Kept for a person to look at, but never left in a public place: moved as
                # `.bin`, which is only ever served as a download.
                result.refused.append(f"{model._meta.label} {row.pk}: {name}")
                if source is not storage:
                    with source.open(name, "rb") as old:
                        stored.save("refused.bin", File(old), save=False)
                    model._default_manager.filter(pk=row.pk).update(
                        **{file_field.name: stored.name}
                    )
                    source.delete(name)
                continue
            stored.save(clean.file.name, clean.file, save=False)
            changes = {file_field.name: stored.name}
            if any(f.name == "content_type" for f in model._meta.concrete_fields):
                changes["content_type"] = clean.format.content_type
            model._default_manager.filter(pk=row.pk).update(**changes)
            source.delete(name)
            result.cleaned += 1
    return result
