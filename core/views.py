"""Views every app shares."""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.core.files.utils import validate_file_name
from django.http import Http404, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from core.file_responses import stored_file_response


@require_GET
def media_serve(request, path):
    """Public media (product images) from the default storage, with the safe headers of
    core.file_responses; mounted on MEDIA_URL in DEBUG only (a web server or the S3-compatible
    store serves them in production, with the same headers: README.md)."""
    storage = storages["default"]
    try:
        validate_file_name(path, allow_relative_path=True)
        exists = storage.exists(path)
    except (SuspiciousFileOperation, ValueError):
        raise Http404 from None
    if not exists:
        raise Http404
    return stored_file_response(storage.open(path, "rb"), private=False)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">. Resolved at
    request time: the hashed name of a manifest storage exists only after collectstatic."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
