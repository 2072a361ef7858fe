"""Attachments: images and PDF only, recognised by their first bytes, never by their name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from support.error_codes import TicketErrorCode

SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def sniff_content_type(head: bytes) -> str | None:
    """The content type of an accepted file from its first bytes, else None."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def attachments_validate(files) -> list[tuple]:
    """(file, content_type, size) for each file; refuses too many (TOO_MANY_ATTACHMENTS), too
    large (ATTACHMENT_TOO_LARGE) or not an image / PDF (INVALID_ATTACHMENT)."""
    files = list(files)
    if len(files) > settings.SUPPORT_ATTACHMENT_MAX_COUNT:
        raise ValidationError(
            {
                "attachments": ValidationError(
                    _("At most %(count)s files can be attached."),
                    code=TicketErrorCode.TOO_MANY_ATTACHMENTS.value,
                    params={"count": settings.SUPPORT_ATTACHMENT_MAX_COUNT},
                )
            }
        )
    checked = []
    for file in files:
        size = file.size
        if size > settings.SUPPORT_ATTACHMENT_MAX_BYTES:
            raise ValidationError(
                {
                    "attachments": ValidationError(
                        _("%(name)s is too large (at most %(mb)s MB)."),
                        code=TicketErrorCode.ATTACHMENT_TOO_LARGE.value,
                        params={
                            "name": file.name,
                            "mb": settings.SUPPORT_ATTACHMENT_MAX_BYTES // (1024 * 1024),
                        },
                    )
                }
            )
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        content_type = sniff_content_type(head)
        if content_type is None:
            raise ValidationError(
                {
                    "attachments": ValidationError(
                        _("%(name)s is not an image or a PDF document."),
                        code=TicketErrorCode.INVALID_ATTACHMENT.value,
                        params={"name": file.name},
                    )
                }
            )
        checked.append((file, content_type, size))
    return checked


def attachments_store(message, checked) -> list:
    from support.models import TicketAttachment

    stored = []
    for file, content_type, size in checked:
        filename = (file.name or "attachment").rsplit("/", 1)[-1][:255]
        attachment = TicketAttachment(
            message=message, filename=filename, content_type=content_type, size=size
        )
        attachment.file.save(filename, file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
