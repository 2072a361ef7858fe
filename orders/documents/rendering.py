"""Rendering a document to PDF with WeasyPrint, from a template of templates/pdf/ (each extends
templates/pdf/base.html), and naming its stored file.

Files get a random part in their name: with a public bucket, a guessable document number must
not be enough to read someone's invoice. Shoppers reach theirs through views that check who
asks (orders.views.documents).
"""

import secrets

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template of templates/pdf/ to PDF bytes."""
    html = render_to_string(template, {"seller": settings.SHOP_SELLER, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def unique_name(stem: str) -> str:
    """A stored file's name: `stem` and a random part, so that it cannot be guessed."""
    return f"{stem}-{secrets.token_hex(8)}.pdf"
