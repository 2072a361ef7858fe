"""The demo shop ships its legal pages, filled in, in English and French."""

import pytest
from django.test import Client

from content.demo_pages import demo_pages_ensure
from content.models import Page

pytestmark = pytest.mark.django_db


def test_the_demo_pages_are_published_in_both_languages_once():
    assert demo_pages_ensure() == 4
    assert demo_pages_ensure() == 0

    assert set(Page.objects.values_list("kind", flat=True)) == {
        "terms",
        "legal_notice",
        "privacy",
        "shipping_returns",
    }
    terms = Page.objects.get(kind="terms")
    english = Client().get(terms.get_absolute_url()).content.decode()
    french_client = Client()
    french_client.cookies["django_language"] = "fr"
    french = french_client.get(terms.get_absolute_url()).content.decode()
    assert "14 days" in english and "Model withdrawal form" in english
    assert "Formulaire de rétractation" in french and "14 jours" in french
    privacy = Client().get(Page.objects.get(kind="privacy").get_absolute_url()).content
    assert b"CNIL" in privacy
