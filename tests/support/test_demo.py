"""The demo support desk made by `manage.py load_demo_shop`: canned replies that fill in the
demo shopper's tracking link, and help pages with articles."""

import pytest

from orders.models import Fulfillment, Order
from support.canned import canned_response_render
from support.models import CannedResponse, FaqArticle
from support.tickets import ticket_create
from tests.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_parcel_reply_carries_the_demo_shoppers_tracking_link():
    output = load_demo("--products", "30")

    assert "Created 3 canned replies and 5 FAQ articles." in output
    order = Order.objects.get(
        user__email="shopper@example.com", fulfillments__status=Fulfillment.Status.SHIPPED
    )
    ticket = ticket_create(
        subject="Where is my parcel?",
        body="It has not arrived yet.",
        category="delivery",
        user=order.user,
        order=order,
    )
    canned = CannedResponse.objects.get(title="Where is my parcel?")

    text = canned_response_render(canned=canned, ticket=ticket)

    assert "Hello Camille," in text
    assert order.number in text
    assert order.fulfillments.get().tracking_url in text


def test_the_help_pages_show_the_demo_articles_and_a_second_run_adds_nothing(client):
    load_demo("--products", "0", "--no-staff")
    output = load_demo("--products", "0", "--no-staff")

    assert "The demo canned replies and FAQ articles exist." in output
    assert FaqArticle.objects.filter(is_published=True).count() == 5
    page = client.get("/help/")
    assert page.status_code == 200
    assert "Returns and refunds" in page.content.decode()
    article = FaqArticle.objects.get(slug="return-item")
    page = client.get(article.get_absolute_url())
    assert "<strong>30 days</strong>" in page.content.decode()
