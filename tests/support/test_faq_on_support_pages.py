"""The contact and order-question pages suggest FAQ articles before a question is sent (the FAQ
itself is branch faq-stats: these tests run once support.faq is there)."""

import pytest
from django.test import Client
from django.urls import reverse

from support.models import Ticket
from tests.orders.order_builders import placed_order

pytest.importorskip("support.faq")

pytestmark = pytest.mark.django_db


def test_the_contact_page_suggests_articles_and_sends_nothing_until_asked():
    from tests.support.faq_builders import faq_article

    article = faq_article(title="Where is my parcel?", body="Follow the tracking link.")
    data = {
        "email": "guest@example.com",
        "category": "delivery",
        "subject": "Where is my parcel",
        "body": "It has not arrived.",
    }

    checked = Client().post(reverse("support:contact"), {**data, "suggest": "1"})
    sent = Client().post(reverse("support:contact"), data)

    assert article.title in checked.content.decode()
    assert checked.status_code == 200
    assert sent.status_code == 302
    assert Ticket.objects.count() == 1


def test_the_order_question_page_suggests_articles_too():
    from tests.support.faq_builders import faq_article

    article = faq_article(title="Where is my parcel?")
    order = placed_order()

    page = Client().post(
        reverse("support:order_ask", args=[order.token]),
        {"category": "delivery", "subject": "parcel", "body": "where", "suggest": "1"},
    )

    assert article.title in page.content.decode()
    assert not Ticket.objects.exists()
