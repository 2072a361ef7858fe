"""The FAQ reads in the shopper's language (django-modeltranslation), English when an article
has no French yet; the search looks in the language of the page."""

import pytest
from django.urls import reverse
from django.utils import translation

from support.faq import faq_search
from support.models import FaqArticle, FaqCategory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    category = FaqCategory.objects.create(name_en="Payment", name_fr="Paiement", slug="payment")
    translated = FaqArticle.objects.create(
        category=category,
        slug="methods",
        title_en="Which payment methods do you accept?",
        title_fr="Quels moyens de paiement acceptez-vous ?",
        body_en="Cards and **bank transfer**.",
        body_fr="Les cartes et le **virement bancaire**.",
        is_published=True,
    )
    english_only = FaqArticle.objects.create(
        category=category,
        slug="invoice",
        title_en="Where is my invoice?",
        body_en="On your order's page.",
        is_published=True,
    )
    return translated, english_only


def french(client):
    client.cookies["django_language"] = "fr"
    return client


def test_a_french_visitor_reads_the_french_article(client, articles):
    translated, _english_only = articles

    html = french(client).get(translated.get_absolute_url()).content.decode()

    assert "Quels moyens de paiement acceptez-vous ?" in html
    assert "Les cartes et le <strong>virement bancaire</strong>." in html
    assert "Which payment methods" not in html


def test_an_article_not_translated_yet_shows_in_english(client, articles):
    _translated, english_only = articles

    html = french(client).get(english_only.get_absolute_url()).content.decode()

    assert "Where is my invoice?" in html and "On your order's page." in html


def test_the_english_visitor_keeps_english(client, articles):
    html = client.get(reverse("faq:home")).content.decode()

    assert "Payment" in html and "Paiement" not in html


def test_the_search_looks_in_the_page_s_language(articles):
    with translation.override("fr"):
        found = faq_search("virement", where="faq", log=False)
    assert [article.slug for article in found] == ["methods"]
