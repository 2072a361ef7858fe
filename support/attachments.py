"""Attachments: images and PDF only, recognised by their content, never by their name
(core.uploads: images re-encoded, stored as `<random>.<ext of the format>` in the private
storage; the sender's file name is display text only)."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import typed_error
from core.uploads import IMAGE_OR_PDF_FORMATS, UploadRefused, upload_clean
from support.error_codes import TicketErrorCode
from support.models import TicketAttachment


def attachment_acceptable(file) -> bool:
    """Whether a file would pass attachments_validate's format check (inbound mail drops the
    others instead of refusing the whole message)."""
    try:
        upload_clean(file, formats=IMAGE_OR_PDF_FORMATS)
    except UploadRefused:
        return False
    return True


def attachments_validate(files) -> list:
    """A core.uploads.CleanUpload for each file; refuses too many (TOO_MANY_ATTACHMENTS), too
    large (ATTACHMENT_TOO_LARGE) or not an image / PDF (INVALID_ATTACHMENT)."""
    files = list(files)
    if len(files) > settings.SUPPORT_ATTACHMENT_MAX_COUNT:
        raise typed_error(
            _("At most %(count)s files can be attached."),
            TicketErrorCode.TOO_MANY_ATTACHMENTS,
            field="attachments",
            count=settings.SUPPORT_ATTACHMENT_MAX_COUNT,
        )
    checked = []
    for file in files:
        size = file.size
        if size > settings.SUPPORT_ATTACHMENT_MAX_BYTES:
            raise typed_error(
                _("%(name)s is too large (at most %(mb)s MB)."),
                TicketErrorCode.ATTACHMENT_TOO_LARGE,
                field="attachments",
                name=file.name,
                mb=settings.SUPPORT_ATTACHMENT_MAX_BYTES // (1024 * 1024),
            )
        try:
            checked.append(upload_clean(file, formats=IMAGE_OR_PDF_FORMATS))
        except UploadRefused:
            raise typed_error(
                _("%(name)s is not an image or a PDF document."),
                TicketErrorCode.INVALID_ATTACHMENT,
                field="attachments",
                name=file.name,
            ) from None
    return checked


def attachments_store(message, checked) -> list:
    """Store attachments_validate's files on `message` (in the private storage)."""
    stored = []
    for upload in checked:
        attachment = TicketAttachment(
            message=message,
            filename=upload.display_name[:255],
            content_type=upload.format.content_type,
            size=upload.size,
        )
        attachment.file.save(upload.file.name, upload.file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
