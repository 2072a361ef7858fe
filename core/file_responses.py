"""Responses that carry a stored file: a type from the format our upload helper detected, never
sniffed (`nosniff`), a sandbox so that even a file a browser renders as a page runs nothing and
reaches no cookie, and a download (`attachment`) for anything that is not a plain image."""

import os

from django.http import FileResponse

from core.uploads import format_of_name

# No script, no plugin, no same-origin access, nothing loaded from anywhere.
FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src 'self' data:; sandbox"
OCTET_STREAM = "application/octet-stream"


def protect_file_response(response, *, private: bool) -> None:
    """The headers every file response carries (also for files a server would serve itself:
    README.md, "Media files")."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CONTENT_SECURITY_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"


def stored_file_response(field_file, *, download_name: str = "", private: bool = True):
    """A FileResponse for a stored file (a FieldFile, or any file with a `name`): typed from the
    stored name's extension (unknown: octet-stream), inline only for images."""
    fmt = format_of_name(field_file.name)
    content_type = fmt.content_type if fmt else OCTET_STREAM
    inline = fmt is not None and fmt.is_image
    filename = download_name or os.path.basename(field_file.name)
    if fmt and not filename.lower().endswith(f".{fmt.extension}"):
        filename = f"{os.path.splitext(filename)[0]}.{fmt.extension}"
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=filename,
    )
    protect_file_response(response, private=private)
    return response
