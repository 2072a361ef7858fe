"""shop.cards: what a listing's product card shows, worked out from the prefetched relations."""

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import set_script_prefix
from django.utils import timezone

from shop.cards import product_cards
from shop.models import Product, Reservation
from shop.selectors import published_products
from tests.factories import ProductFactory, ProductImageFactory

pytestmark = pytest.mark.django_db


def cards_by_name(queryset=None):
    return {card.name: card for card in product_cards(queryset or published_products())}


def test_cards_read_only_the_prefetched_relations(django_assert_num_queries):
    for number in range(5):
        ProductImageFactory(product=ProductFactory(variants=[{}, {}]), alt=f"Photo {number}")
    products = list(published_products())

    with django_assert_num_queries(0):
        cards = product_cards(products)

    assert len(cards) == 5


def test_card_url_is_the_product_url():
    ProductFactory(name="Linen Shirt", slug="linen-shirt_2")

    (card,) = product_cards(published_products())

    assert card.url == "/p/linen-shirt_2/" == card.product.get_absolute_url()


def test_card_url_follows_the_script_prefix():
    ProductFactory(name="Linen Shirt", slug="linen-shirt")
    set_script_prefix("/shop/")
    try:
        (card,) = product_cards(published_products())
        assert card.url == "/shop/p/linen-shirt/" == card.product.get_absolute_url()
    finally:
        set_script_prefix("/")


def test_card_prices_badges_and_stock():
    ProductFactory(
        name="Mug",
        variants=[
            {"price": Decimal("14.00"), "quantity": 0},
            {"price": Decimal("12.00"), "compare_at_price": Decimal("15.00"), "quantity": 0},
            {"price": Decimal("12.00"), "compare_at_price": Decimal("30.00"), "quantity": 2},
        ],
    )
    ProductFactory(name="Bowl", variants=[{"price": Decimal("7.50"), "quantity": 0}])
    ProductFactory(
        name="Vase",
        variants=[
            {"price": Decimal("9.00")},
            {"price": Decimal("20.00"), "compare_at_price": Decimal("25.00")},
        ],
    )
    ProductImageFactory(product=Product.objects.get(name="Vase"), alt="")

    cards = cards_by_name()

    mug, bowl, vase = cards["Mug"], cards["Bowl"], cards["Vase"]
    assert (mug.price_from, mug.has_price_range, mug.on_sale, mug.in_stock) == (
        Decimal("12.00"),
        True,
        True,
        True,
    )
    # The cheapest variant is the first one at the lowest price, in position order.
    assert mug.was_price == Decimal("15.00")
    assert mug.image_url is None
    assert mug.initial == "M"
    assert (bowl.has_price_range, bowl.on_sale, bowl.in_stock, bowl.was_price) == (
        False,
        False,
        False,
        None,
    )
    # On sale (a variant is), but not its cheapest variant: no former price by the price.
    assert (vase.on_sale, vase.was_price) == (True, None)
    assert vase.image_url.startswith("/")
    assert vase.image_alt == "Vase"


def test_card_counts_reserved_stock_as_gone():
    product = ProductFactory(name="Last Lamp", variants=[{"quantity": 1}])
    Reservation.objects.create(
        variant=product.variants.get(),
        checkout_token=uuid4(),
        quantity=1,
        expires_at=timezone.now() + timedelta(minutes=10),
    )

    assert cards_by_name()["Last Lamp"].in_stock is False


def test_cards_of_nothing():
    assert product_cards(Product.objects.none()) == []
