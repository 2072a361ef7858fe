"""Reads of content pages: the published ones (publish_at honoured at read time, no cron), the
page of a kind, and the revision of the terms of sale a shopper accepts now."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from content.models import Page, PageKind, PageRevision

FOOTER_KINDS = (
    PageKind.TERMS,
    PageKind.SHIPPING_RETURNS,
    PageKind.PRIVACY,
    PageKind.LEGAL_NOTICE,
)


def published_pages(*, now=None) -> QuerySet[Page]:
    now = now or timezone.now()
    return Page.objects.filter(status=Page.Status.PUBLISHED).filter(
        Q(publish_at__isnull=True) | Q(publish_at__lte=now)
    )


def page_for_reader(*, slug: str, user) -> Page | None:
    """The page at `slug` if it is published, or, for staff who may edit pages, whatever its
    state (the preview of a draft or of a page not published yet)."""
    if user.is_authenticated and user.has_perm("content.change_page"):
        return Page.objects.filter(slug=slug).first()
    return published_pages().filter(slug=slug).first()


def terms_revision_current() -> PageRevision | None:
    """The revision of the published terms of sale a shopper accepts now; None when the shop
    has no terms page (then the checkout asks for nothing)."""
    terms = published_pages().filter(kind=PageKind.TERMS).first()
    if terms is None:
        return None
    return terms.revisions.order_by("-number").first()


def footer_pages() -> list[Page]:
    """The published legal pages the footer links to (one small query), in footer order."""
    return list(published_pages().filter(kind__in=FOOTER_KINDS))
