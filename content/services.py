"""Saving a content page: its HTML rendered per language, and a revision kept whenever its
title or text changed, so that what a shopper once accepted stays readable."""

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from content.models import Page, PageRevision
from core.markdown import markdown_render

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _texts(page: Page) -> dict[str, str]:
    texts = {}
    for code in LANGUAGE_CODES:
        texts[f"title_{code}"] = getattr(page, f"title_{code}", None) or ""
        texts[f"body_{code}"] = getattr(page, f"body_{code}", None) or ""
    return texts


@transaction.atomic
def page_save(*, page: Page, user=None) -> Page:
    """Save `page` (its fields already set, by the admin form or the demo loader): the HTML of
    each language's text, then a new revision if its title or text differs from the last one."""
    for code in LANGUAGE_CODES:
        body = getattr(page, f"body_{code}", None)
        setattr(page, f"body_html_{code}", markdown_render(body) if body else None)
    page.save()
    texts = _texts(page)
    last = page.revisions.order_by("-number").first()
    if last is None or any(getattr(last, field) != value for field, value in texts.items()):
        number = (page.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
        PageRevision.objects.create(
            page=page,
            number=number,
            author=user if getattr(user, "is_authenticated", False) else None,
            title_en=texts.get("title_en", ""),
            title_fr=texts.get("title_fr", ""),
            body_en=texts.get("body_en", ""),
            body_fr=texts.get("body_fr", ""),
        )
    return page
