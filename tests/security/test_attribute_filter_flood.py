"""Hand-made listing URLs with hundreds of `attr_` parameters or huge values must not make the
database run a query per parameter nor fail: at most MAX_ATTRIBUTE_FILTERS attributes (and as
many values each) are read, cut to 80 characters. A forged choice of an unpublished product
never reaches the cart."""

import pytest
from django.urls import reverse

from orders.models import CheckoutLine
from shop.filters import MAX_ATTRIBUTE_FILTERS, ProductFilter
from shop.models import Product
from tests.shop.builders import trousers

pytestmark = pytest.mark.django_db


def test_a_flood_of_attribute_parameters_is_capped(client, django_assert_max_num_queries):
    trousers()
    query = "&".join(f"attr_a{n}={'x' * 500}" for n in range(300))

    with django_assert_max_num_queries(20):
        response = client.get(f"{reverse('shop:product_list')}?{query}")

    assert response.status_code == 200
    choices = ProductFilter(
        {f"attr_a{n}": "x" * 500 for n in range(300)}, queryset=Product.objects.all()
    ).attribute_choices
    assert len(choices) == MAX_ATTRIBUTE_FILTERS
    assert all(len(values[0]) == 80 for values in choices.values())


def test_an_unpublished_products_options_cannot_be_added_to_the_cart(client):
    hidden = trousers(is_published=False)

    client.post(
        reverse("orders:cart_add"),
        {"product": hidden.pk, "attr_size": "28", "attr_colour": "navy", "quantity": 1},
    )

    assert not CheckoutLine.objects.exists()
