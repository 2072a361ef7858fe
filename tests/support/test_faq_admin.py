"""The FAQ admin: articles with read-only counters, searches without a result."""

import pytest
from django.urls import reverse

from support.models import FaqSearch
from tests.support.faq_builders import faq_article

pytestmark = pytest.mark.django_db


def test_article_counters_are_read_only(admin_client):
    article = faq_article()
    url = reverse("admin:support_faqarticle_change", args=[article.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    for counter in ("views", "helpful_yes", "helpful_no", "suggested", "deflected"):
        assert counter not in form.fields
    response = admin_client.post(
        url,
        {
            "category": article.category_id,
            "title_en": "Where is my parcel?",
            "title_fr": "Où est mon colis ?",
            "slug": article.slug,
            "body_en": "New **answer**. <script>x()</script>",
            "body_fr": "Nouvelle **réponse**.",
            "is_published": "on",
            "position": 0,
            "deflected": 99,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_html.startswith("<p>New <strong>answer</strong>.")
    assert "script" not in article.body_html
    assert article.deflected == 0
    assert article.body_html_fr == "<p>Nouvelle <strong>réponse</strong>.</p>"


def test_searches_without_result_are_listed(admin_client):
    FaqSearch.objects.create(query="gift wrap", results_count=0, where="contact")
    FaqSearch.objects.create(query="parcel", results_count=3, where="faq")
    response = admin_client.get(reverse("admin:support_faqsearch_changelist"), {"no_result": "1"})
    assert response.status_code == 200
    assert "gift wrap" in response.content.decode()
    assert "parcel" not in response.content.decode().split('id="result_list"')[1]
    add = admin_client.get(reverse("admin:support_faqsearch_add"))
    assert add.status_code == 403
