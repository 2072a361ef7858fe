"""Uploaded files, for every app: what a file is comes from its content, never from its name or
the type the browser sent.

`upload_clean` is the one door for an upload (return photos, ticket attachments, product
images): it detects the format (Pillow for images, the header for PDF), re-encodes images so
that nothing appended to or hidden in them survives (EXIF and GPS included; the orientation is
applied first), and names the result `<random>.<extension of the detected format>`. The
uploader's file name is kept only as display text (`display_name`). A refusal is an
`UploadRefused`, which each caller turns into its own typed error.

Private files (return photos, ticket attachments) live in the `private` storage alias, which
has no URL: they are served only by views that check access, through
`core.file_responses.stored_file_response`.
"""

import io
import os
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from PIL import Image, ImageOps, UnidentifiedImageError


@dataclass(frozen=True)
class FileFormat:
    name: str
    extension: str
    content_type: str
    is_image: bool


JPEG = FileFormat("JPEG", "jpg", "image/jpeg", True)
PNG = FileFormat("PNG", "png", "image/png", True)
GIF = FileFormat("GIF", "gif", "image/gif", True)
WEBP = FileFormat("WEBP", "webp", "image/webp", True)
PDF = FileFormat("PDF", "pdf", "application/pdf", False)

FORMATS = {fmt.name: fmt for fmt in (JPEG, PNG, GIF, WEBP, PDF)}
BY_EXTENSION = {fmt.extension: fmt for fmt in FORMATS.values()} | {"jpeg": JPEG}
IMAGE_FORMATS = frozenset({JPEG.name, PNG.name, GIF.name, WEBP.name})
IMAGE_OR_PDF_FORMATS = IMAGE_FORMATS | {PDF.name}

# Pillow's save options per format: a fresh encoding, nothing copied from the upload.
_SAVE_OPTIONS = {
    JPEG.name: {"quality": 90},
    PNG.name: {},
    GIF.name: {},
    WEBP.name: {"quality": 90},
}
# The only `info` entries an image keeps through the re-encoding (drawing, not metadata).
_KEPT_INFO = ("transparency", "duration", "loop", "background")


class UploadRefused(ValueError):
    """The file is not of an accepted format (or not readable as one)."""


@dataclass(frozen=True)
class CleanUpload:
    file: ContentFile
    format: FileFormat
    display_name: str

    @property
    def size(self) -> int:
        return self.file.size


def upload_clean(file, *, formats: frozenset[str]) -> CleanUpload:
    """The upload as a new file named `<random>.<ext>` of its detected format, which must be one
    of `formats` (names of FORMATS); images re-encoded. Raises UploadRefused."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        if PDF.name not in formats:
            raise UploadRefused
        content, fmt = file.read(), PDF
        file.seek(0)
    else:
        content, fmt = _reencoded_image(file, formats)
    return CleanUpload(
        file=ContentFile(content, name=f"{uuid.uuid4().hex}.{fmt.extension}"),
        format=fmt,
        display_name=display_name(getattr(file, "name", "") or ""),
    )


def _reencoded_image(file, formats) -> tuple[bytes, FileFormat]:
    try:
        with warnings.catch_warnings():
            # An image that would be huge once decoded is refused, not just warned about.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                fmt = FORMATS.get(image.format or "")
                if fmt is None or not fmt.is_image or fmt.name not in formats:
                    raise UploadRefused
                image.load()
                # The orientation is applied to the pixels, since the EXIF that held it goes.
                picture = ImageOps.exif_transpose(image)
                kept = {key: picture.info[key] for key in _KEPT_INFO if key in picture.info}
                picture.info = kept
                if fmt is JPEG and picture.mode not in ("RGB", "L", "CMYK"):
                    picture = picture.convert("RGB")
                buffer = io.BytesIO()
                picture.save(buffer, fmt.name, **_SAVE_OPTIONS[fmt.name])
    except UploadRefused:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise UploadRefused from error
    finally:
        file.seek(0)
    return buffer.getvalue(), fmt


def display_name(name: str, *, default: str = "attachment") -> str:
    """The uploader's file name as text to show: the last path part, no control or
    formatting characters (bidi overrides), at most 200 characters."""
    name = os.path.basename(name.replace("\\", "/"))
    cleaned = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return cleaned[-200:] or default


def format_of_name(name: str) -> FileFormat | None:
    """The format of a stored file from its extension, which upload_clean chose."""
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    return BY_EXTENSION.get(extension)


@deconstructible
class UploadPath:
    """`upload_to` of the file fields: `<folder>/<random>.<ext>`, the extension kept only when
    it is one of ours (upload_clean named the file), else `.bin` (served as a download)."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename) -> str:
        fmt = format_of_name(filename)
        extension = fmt.extension if fmt else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{extension}"

    def __eq__(self, other):
        return isinstance(other, UploadPath) and other.folder == self.folder


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no public URL: a view that checks access must serve them."""

    def url(self, name):
        raise ValueError("A private file has no URL; serve it through a view that checks access.")


def private_storage():
    """The `private` storage alias (settings.STORAGES), for the file fields of private files."""
    return storages["private"]
