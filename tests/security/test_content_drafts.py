"""Attack: reading a draft or a not-yet-published page (new prices, a contest's rules, terms
not in force) by guessing its address, through the page URL or GraphQL, as a visitor, a
customer or a support agent who does not edit pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from content.models import Page, PageKind
from tests.api import graphql
from tests.clients import logged_in
from tests.content.builders import published_page
from tests.factories import UserFactory
from tests.orders.order_builders import support_agent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["visitor", "customer", "support_agent"])
def test_unpublished_pages_are_404_and_null_for_whoever_does_not_edit_pages(who):
    draft = published_page(
        slug="new-terms", kind=PageKind.OTHER, body="SECRET", status=Page.Status.DRAFT
    )
    scheduled = published_page(
        slug="sale", kind=PageKind.OTHER, body="SECRET", publish_at=timezone.now() + timedelta(1)
    )
    client = {
        "visitor": Client,
        "customer": lambda: logged_in(UserFactory()),
        "support_agent": lambda: logged_in(support_agent()),
    }[who]()

    for page in (draft, scheduled):
        response = client.get(page.get_absolute_url())
        assert response.status_code == 404
        assert "SECRET" not in response.content.decode()
        query = "query ($slug: String!) { page(slug: $slug) { bodyHtml } }"
        assert graphql(client, query, {"slug": page.slug})["data"]["page"] is None
    pages = graphql(client, "{ pages { slug } }")["data"]["pages"]
    assert pages == []
