"""Content pages: Markdown made safe, a revision per change, drafts and scheduled pages hidden
until published (checked when read, no cron), previewed by the staff who edit them, in English
and French, linked from the footer and readable through GraphQL."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import Page, PageKind
from content.services import page_save
from tests.api import graphql
from tests.clients import logged_in
from tests.content.builders import published_page
from tests.orders.order_builders import seller

pytestmark = pytest.mark.django_db

PAGE_QUERY = "query ($slug: String!) { page(slug: $slug) { title bodyHtml revision { number } } }"


def test_the_page_shows_sanitised_markdown():
    page = published_page(
        body="## Returns\n\n<script>alert(1)</script> [x](javascript:alert(1)) "
        '<img src=x onerror="a()">'
    )

    html = Client().get(page.get_absolute_url()).content.decode()

    assert "<h2>Returns</h2>" in html
    assert "<script>alert" not in html and "javascript:" not in html and "onerror" not in html


def test_each_change_keeps_a_revision_and_an_unchanged_save_none():
    page = published_page(body="Version one")
    page.body_en = "Version two"
    page_save(page=page)
    page_save(page=page)  # nothing changed

    assert list(page.revisions.values_list("number", "body_en")) == [
        (2, "Version two"),
        (1, "Version one"),
    ]
    html = Client().get(page.get_absolute_url()).content.decode()
    assert "Version two" in html and "Version 2 of" in html


def test_a_draft_or_scheduled_page_is_hidden_until_published_and_previewed_by_staff():
    draft = published_page(slug="draft", kind=PageKind.OTHER, status=Page.Status.DRAFT)
    later = published_page(
        slug="later", kind=PageKind.OTHER, publish_at=timezone.now() + timedelta(hours=1)
    )
    earlier = published_page(
        slug="earlier", kind=PageKind.OTHER, publish_at=timezone.now() - timedelta(minutes=1)
    )
    anonymous, staff = Client(), logged_in(seller())

    assert anonymous.get(draft.get_absolute_url()).status_code == 404
    assert anonymous.get(later.get_absolute_url()).status_code == 404
    assert anonymous.get(earlier.get_absolute_url()).status_code == 200
    preview = staff.get(later.get_absolute_url())
    assert preview.status_code == 200
    assert "Preview: this page is not public yet." in preview.content.decode()
    assert preview["X-Robots-Tag"] == "noindex"

    Page.objects.filter(pk=later.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert anonymous.get(later.get_absolute_url()).status_code == 200  # no cron needed


def test_the_page_reads_in_french_with_english_as_fallback():
    page = published_page(title_fr="Conditions générales de vente", body_fr="Nos **conditions**.")
    other = published_page(slug="about", kind=PageKind.OTHER, title="About us", body="Hello")
    client = Client()
    client.cookies["django_language"] = "fr"

    assert (
        "Nos <strong>conditions</strong>." in client.get(page.get_absolute_url()).content.decode()
    )
    assert "About us" in client.get(other.get_absolute_url()).content.decode()


def test_graphql_gives_published_pages_only():
    published_page()
    published_page(slug="draft", kind=PageKind.OTHER, status=Page.Status.DRAFT)

    found = graphql(Client(), PAGE_QUERY, {"slug": "terms"})["data"]["page"]
    hidden = graphql(Client(), PAGE_QUERY, {"slug": "draft"})["data"]["page"]

    assert found == {
        "title": "Terms of sale",
        "bodyHtml": "<p>Our <strong>terms</strong>.</p>",
        "revision": {"number": 1},
    }
    assert hidden is None


def test_the_footer_links_the_policies_the_help_center_and_the_contact_block(settings):
    settings.SHOP_CONTACT_PHONE = "+33 4 11 22 33 44"
    published_page()
    published_page(slug="privacy", kind=PageKind.PRIVACY, title="Privacy policy")
    published_page(
        slug="notice",
        kind=PageKind.LEGAL_NOTICE,
        title="Legal notice",
        status=Page.Status.DRAFT,
    )

    html = Client().get(reverse("shop:home")).content.decode()

    assert 'href="/pages/terms/"' in html and 'href="/pages/privacy/"' in html
    assert "/pages/notice/" not in html  # a draft
    assert reverse("faq:home") in html
    assert "+33 4 11 22 33 44" in html and settings.SHOP_CONTACT_EMAIL in html
