"""Fuzzing: generated GET parameters to the public pages, as a guest and as a signed-in
customer. Whatever arrives, the page answers below HTTP 500 without raw Python or database
text; a bad parameter is dropped or shown as a form error."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customers.models import RateLimitHit
from tests.factories import ProductFactory, UserFactory
from tests.security.fuzzing import FUZZ, assert_no_leak, edge_integers, integers, texts

pytestmark = pytest.mark.django_db

LISTINGS = ["/products/", "/c/shirts/"]
LISTING_PARAMETERS = [
    "q",
    "category",
    "category_id",
    "price_min",
    "price_max",
    "in_stock",
    "sort",
    "page",
]
PAGES = [
    "/",
    "/p/linen-shirt/",
    "/cart/",
    "/orders/lookup/",
    "/contact/",
    "/help/",
    "/account/signin/",
    "/account/signup/",
    "/account/orders/",
    "/account/tickets/",
]
OTHER_PARAMETERS = ["number", "email", "next", "order", "page", "q", "from", "to"]

values = st.one_of(edge_integers.map(str), integers.map(str), texts, st.just("9" * 40))


def parameters(names):
    """Known parameters mostly, an unknown one sometimes; one value, or the parameter
    repeated (`?category_id=1&category_id=2`)."""
    return st.dictionaries(
        st.one_of(st.sampled_from(names), st.sampled_from(names), texts),
        st.one_of(values, values, st.lists(values, min_size=2, max_size=3)),
        min_size=1,
        max_size=4,
    )


@pytest.fixture(params=["anonymous", "customer"])
def visitor(request, client):
    shirt = ProductFactory(name="Linen shirt", slug="linen-shirt")
    shirt.category.slug = "shirts"
    shirt.category.save()
    if request.param == "customer":
        client.force_login(UserFactory(email="fuzz@example.com"))
    return client


def assert_a_normal_answer(response):
    assert response.status_code < 500
    assert_no_leak(response.content.decode(errors="replace"))


@FUZZ
@given(
    page=st.sampled_from(LISTINGS),
    query=st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(values, st.lists(values, min_size=2, max_size=3))
            for name in LISTING_PARAMETERS
        },
    ),
)
def test_fuzz_the_product_listings_filters(visitor, page, query):
    assert_a_normal_answer(visitor.get(page, query))


@settings(FUZZ, max_examples=60)
@given(page=st.sampled_from(PAGES), query=parameters(OTHER_PARAMETERS))
def test_fuzz_the_other_pages_get_parameters(visitor, page, query):
    RateLimitHit.objects.all().delete()

    assert_a_normal_answer(visitor.get(page, query))
