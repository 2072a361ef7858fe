"""The demo shop's legal and policy pages, in English and French (texts in content/demo/)."""

from pathlib import Path

from django.db import transaction

from content.models import Page, PageKind
from content.services import page_save

TEXTS = Path(__file__).resolve().parent / "demo"

# slug, kind, position in the footer, English title, French title
PAGES = [
    ("terms", PageKind.TERMS, 0, "Terms of sale", "Conditions générales de vente"),
    (
        "shipping-returns",
        PageKind.SHIPPING_RETURNS,
        1,
        "Shipping and returns",
        "Livraison et retours",
    ),
    ("privacy", PageKind.PRIVACY, 2, "Privacy policy", "Politique de confidentialité"),
    ("legal-notice", PageKind.LEGAL_NOTICE, 3, "Legal notice", "Mentions légales"),
]


@transaction.atomic
def demo_pages_ensure() -> int:
    """Create and publish the demo pages that do not exist yet; returns how many were made."""
    made = 0
    for slug, kind, position, title_en, title_fr in PAGES:
        if Page.objects.filter(slug=slug).exists() or Page.objects.filter(kind=kind).exists():
            continue
        page = Page(slug=slug, kind=kind, position=position, status=Page.Status.PUBLISHED)
        page.title_en, page.title_fr = title_en, title_fr
        page.body_en = (TEXTS / f"{slug}.en.md").read_text(encoding="utf-8")
        page.body_fr = (TEXTS / f"{slug}.fr.md").read_text(encoding="utf-8")
        page_save(page=page)
        made += 1
    return made
