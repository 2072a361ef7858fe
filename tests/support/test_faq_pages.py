"""The public help pages: topics, articles, search, and "did this answer your question?"."""

import pytest
from django.urls import reverse

from support.models import FaqArticle, FaqSearch
from tests.support.faq_builders import faq_article, faq_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    delivery = faq_category(name="Delivery", position=1)
    returns = faq_category(name="Returns", position=2)
    return {
        "parcel": faq_article(
            category=delivery,
            title="Where is my parcel?",
            body="Each parcel has a tracking link in the shipping email.",
        ),
        "abroad": faq_article(
            category=delivery,
            title="Do you deliver abroad?",
            body="We deliver in the EU. A parcel abroad takes a week.",
        ),
        "refund": faq_article(
            category=returns, title="When am I refunded?", body="Within 14 days of the return."
        ),
        "draft": faq_article(
            category=returns, title="Draft about parcel refunds", body="parcel", is_published=False
        ),
    }


def test_home_lists_the_topics_with_published_articles(client, articles):
    response = client.get(reverse("faq:home"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Where is my parcel?" in text
    assert "When am I refunded?" in text
    assert "Draft about parcel refunds" not in text


def test_category_and_article_pages(client, articles):
    response = client.get(reverse("faq:category", args=["delivery"]))
    assert "Do you deliver abroad?" in response.content.decode()
    assert "When am I refunded?" not in response.content.decode()

    response = client.get(articles["parcel"].get_absolute_url())
    assert response.status_code == 200
    assert "tracking link" in response.content.decode()
    articles["parcel"].refresh_from_db()
    assert articles["parcel"].views == 1


def test_unpublished_or_misplaced_articles_are_not_found(client, articles):
    assert client.get(articles["draft"].get_absolute_url()).status_code == 404
    misplaced = reverse("faq:article", args=["returns", articles["parcel"].slug])
    assert client.get(misplaced).status_code == 404
    assert client.get(reverse("faq:category", args=["nope"])).status_code == 404


def test_search_ranks_title_hits_first_and_logs_the_search(client, articles):
    response = client.get(reverse("faq:home"), {"q": "  Parcel  ABROAD "})
    results = response.context["results"]
    # "abroad" has both words in its title or body and one in the title; "parcel" one in the title.
    assert [a.title for a in results] == ["Do you deliver abroad?", "Where is my parcel?"]
    search = FaqSearch.objects.get()
    assert (search.query, search.results_count, search.where) == ("parcel abroad", 2, "faq")


def test_a_search_without_result_is_logged_for_the_community_manager(client, articles):
    response = client.get(reverse("faq:home"), {"q": "gift wrapping"})
    assert response.context["results"] == []
    assert "No article matches your search" in response.content.decode()
    assert FaqSearch.objects.get().results_count == 0


def test_short_words_are_not_searched_nor_logged(client, articles):
    response = client.get(reverse("faq:home"), {"q": "a b"})
    assert response.context["results"] == []
    assert not FaqSearch.objects.exists()


def test_helpful_vote_is_counted_once_per_visitor(client, articles):
    article = articles["parcel"]
    url = reverse("faq:vote", args=["delivery", article.slug])
    response = client.post(url, {"helpful": "yes"})
    assert response.status_code == 302
    client.post(url, {"helpful": "no"})  # the same visitor again: ignored
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 0)
    assert "Thank you for your feedback" in client.get(article.get_absolute_url()).content.decode()


def test_vote_needs_post_a_valid_answer_and_csrf(client, articles):
    article = articles["parcel"]
    url = reverse("faq:vote", args=["delivery", article.slug])
    assert client.get(url).status_code == 405
    assert client.post(url, {"helpful": "maybe"}).status_code == 400

    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(url, {"helpful": "no"}).status_code == 403
    assert FaqArticle.objects.get(pk=article.pk).helpful_no == 0


def test_the_topics_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    category = faq_category(name="Delivery")
    faq_article(category=category, title="One")
    client.get(reverse("faq:home"))  # the session, the site's context
    with django_assert_max_num_queries(6) as one:
        client.get(reverse("faq:home"))
    for number in range(20):
        faq_article(category=faq_category(name=f"Topic {number}"), title=f"Article {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("faq:home"))
