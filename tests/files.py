"""Files the tests upload or find stored: real images, images carrying a page, the text of a PDF,
a mail server that is down."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader


def image_upload(
    name: str = "photo.png", *, fmt: str = "PNG", size=(8, 8), color: str = "red"
) -> SimpleUploadedFile:
    """An uploaded image in format `fmt`, sent as image/png whatever its format (as a browser
    that trusts the name would)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def gif_with_html(script: bytes) -> bytes:
    """A GIF that Pillow opens and verifies, with the page `script` appended after its trailer."""
    buffer = io.BytesIO()
    Image.new("P", (4, 4), 1).save(buffer, "GIF")
    return buffer.getvalue() + script


def pdf_text(document) -> str:
    """The text of a PDF, page after page: `document` is its bytes or a stored file."""
    if not isinstance(document, bytes):
        with document.open("rb") as handle:
            document = handle.read()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


class BrokenEmailBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


BROKEN_EMAIL_BACKEND = f"{__name__}.BrokenEmailBackend"
