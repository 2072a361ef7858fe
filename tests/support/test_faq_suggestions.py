"""Suggestions shown before a ticket is sent, and "this answered my question"."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from support.faq import faq_suggestions
from support.models import FaqSearch
from tests.support.faq_builders import faq_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcel():
    faq_article(title="Change my address", body="Write to us before the parcel ships.")
    faq_article(title="Pay by card", body="We take cards.")
    return faq_article(title="Where is my parcel?", body="Follow the tracking link.")


def test_suggestions_rank_title_hits_log_the_search_and_count_suggested(parcel):
    suggestions = faq_suggestions("My parcel has not arrived", source="contact")
    assert [a.title for a in suggestions] == ["Where is my parcel?", "Change my address"]
    search = FaqSearch.objects.get()
    assert (search.query, search.results_count, search.where) == (
        "my parcel has not arrived",
        2,
        "contact",
    )
    parcel.refresh_from_db()
    assert parcel.suggested == 1


def test_suggestions_respect_the_limit(parcel):
    assert len(faq_suggestions("parcel card address", limit=1, source="order_question")) == 1
    assert FaqSearch.objects.get().where == "order_question"


def test_no_suggestion_is_logged_as_a_search_without_result(parcel):
    assert faq_suggestions("invoice vat number", source="contact") == []
    assert FaqSearch.objects.get().results_count == 0


def test_the_include_shows_the_articles_with_a_deflection_button(parcel, rf):
    html = render_to_string(
        "support/includes/faq_suggestions.html",
        {"faq_suggestions": [parcel], "faq_source": "contact"},
        request=rf.get("/"),
    )
    assert parcel.get_absolute_url() in html
    assert reverse("faq:deflect", args=[parcel.pk]) in html
    assert "This answered my question" in html
    assert "csrfmiddlewaretoken" in html
    assert render_to_string("support/includes/faq_suggestions.html", {}).strip() == ""


def test_the_fetch_fragment_and_the_no_js_page(client, parcel):
    url = reverse("faq:suggestions")
    fragment = client.get(url, {"q": "parcel", "source": "contact"}, HTTP_X_REQUESTED_WITH="fetch")
    assert "<html" not in fragment.content.decode()
    assert "Where is my parcel?" in fragment.content.decode()

    page = client.get(url, {"q": "parcel", "source": "order_question"})
    assert "Check the help pages" in page.content.decode()
    assert "Where is my parcel?" in page.content.decode()
    assert list(FaqSearch.objects.values_list("where", flat=True)) == [
        "order_question",
        "contact",
    ]
    nothing = client.get(url, {"q": "gift wrapping"})
    assert "We found no article about this" in nothing.content.decode()


def test_deflection_is_counted_once_per_visitor(client, parcel):
    url = reverse("faq:deflect", args=[parcel.pk])
    response = client.post(url)
    assert response.status_code == 200
    assert "Your question was not sent" in response.content.decode()
    client.post(url)
    parcel.refresh_from_db()
    assert parcel.deflected == 1


def test_deflection_needs_post_and_csrf(parcel):
    url = reverse("faq:deflect", args=[parcel.pk])
    assert Client().get(url).status_code == 405
    assert Client(enforce_csrf_checks=True).post(url).status_code == 403
    parcel.refresh_from_db()
    assert parcel.deflected == 0


def test_the_live_include_refreshes_from_the_suggestions_url(parcel, rf):
    html = render_to_string(
        "support/includes/faq_suggestions_live.html",
        {"faq_suggestions": [parcel], "faq_source": "order_question", "faq_input": "#id_subject"},
        request=rf.get("/"),
    )
    assert 'data-input="#id_subject"' in html
    assert f'data-url="{reverse("faq:suggestions")}?source=order_question"' in html
    assert "js/faq-suggestions.js" in html
    assert "Check the help pages before sending" in html
    assert "Where is my parcel?" in html


def test_words_that_say_nothing_are_not_searched(parcel):
    faq_article(title="Opening hours", body="You can call us; we are not open on Sunday.")
    suggestions = faq_suggestions("Why has my parcel not arrived? Thanks", source="contact")
    assert "Opening hours" not in [a.title for a in suggestions]
    assert faq_suggestions("why not", source="contact") == []
