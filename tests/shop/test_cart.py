"""The cart as a shopper uses it: add from the product page, change, remove, promo codes, the
count in the header, the merge on sign-in, and the cart page's query count."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.checkout.cart import SESSION_KEY, cart_quantity
from orders.checkout.services import checkout_create
from orders.models import Checkout, ShippingMethod, Voucher
from tests.clients import messages_of
from tests.factories import ProductFactory, ProductImageFactory, UserFactory

pytestmark = pytest.mark.django_db

CART_URL = reverse("orders:cart")


def add(client, variant, quantity=1, next_url="/"):
    return client.post(
        reverse("orders:cart_add"), {"variant": variant.pk, "quantity": quantity, "next": next_url}
    )


def only_variant(**spec):
    return ProductFactory(variants=[spec or {}]).variants.get()


def session_cart(client):
    return Checkout.objects.get(token=client.session[SESSION_KEY])


def test_product_page_posts_the_chosen_variant_to_the_cart_with_a_csrf_token(client):
    product = ProductFactory(
        name="Linen Shirt",
        variants=[{"name": "S", "quantity": 0}, {"name": "M", "quantity": 4}],
    )
    small, medium = product.variants.get(name="S"), product.variants.get(name="M")

    html = client.get(product.get_absolute_url()).content.decode()

    assert f'action="{reverse("orders:cart_add")}"' in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Add to cart" in html
    assert re.search(rf'name="variant" value="{small.pk}"[^>]*\sdisabled', html)
    assert re.search(rf'name="variant" value="{medium.pk}"[^>]*\schecked', html)


def test_sold_out_product_has_no_add_to_cart_button(client):
    product = ProductFactory(variants=[{"quantity": 0}])

    html = client.get(product.get_absolute_url()).content.decode()

    assert "Add to cart" not in html
    assert "out of stock at the moment" in html


def test_guest_adds_to_cart_and_sees_the_line_and_the_header_count(client):
    variant = only_variant(price=Decimal("12.50"), quantity=10, name="Blue")
    ProductImageFactory(product=variant.product)

    response = add(client, variant, 2)

    assert response.status_code == 302
    assert response["Location"] == CART_URL
    checkout = session_cart(client)
    assert checkout.user is None
    assert list(checkout.lines.values_list("variant_id", "quantity")) == [(variant.pk, 2)]

    response = client.get(CART_URL)
    html = response.content.decode()
    assert "Added to your cart." in messages_of(response)
    assert variant.product.name in html and "Blue" in html
    assert "€12.50 each" in html
    assert 'name="quantity" value="2"' in html
    assert "€25.00" in html
    assert "data-cart-count>2<" in html
    assert f'href="{reverse("orders:checkout")}"' in html

    add(client, variant, 1)
    assert checkout.lines.get().quantity == 3
    assert "data-cart-count>3<" in client.get("/").content.decode()


def test_signed_in_customer_cart_lives_in_the_database(client):
    user = UserFactory()
    client.force_login(user)
    variant = only_variant()

    add(client, variant, 1)

    checkout = Checkout.objects.get(user=user, status="open")
    assert checkout.lines.get().quantity == 1
    assert SESSION_KEY not in client.session


def test_adding_more_than_the_stock_says_how_many_are_left_and_adds_nothing(client):
    variant = only_variant(quantity=3)
    product_url = variant.product.get_absolute_url()

    response = add(client, variant, 4, next_url=product_url)

    assert response["Location"] == product_url
    page = client.get(product_url)
    assert messages_of(page) == [f"Only 3 left of {variant} ({variant.sku})."]
    assert not session_cart(client).lines.exists()


def test_adding_more_than_the_line_limit_is_refused(client, settings):
    settings.SHOP_CART_MAX_LINE_QUANTITY = 5
    variant = only_variant(quantity=100)
    add(client, variant, 4)

    response = add(client, variant, 2, next_url=CART_URL)

    assert messages_of(client.get(response["Location"]))[-1] == (
        "You can buy at most 5 of one item."
    )
    assert session_cart(client).lines.get().quantity == 4


def test_add_without_a_variant_asks_to_choose_one(client):
    response = client.post(reverse("orders:cart_add"), {"quantity": 1, "next": "/p/x/"})

    assert response["Location"] == "/p/x/"
    assert "Choose an option first." in messages_of(client.get(CART_URL))


def test_next_pointing_elsewhere_falls_back_to_the_cart(client):
    response = client.post(
        reverse("orders:cart_add"), {"quantity": 1, "next": "https://evil.example/"}
    )

    assert response["Location"] == CART_URL


def test_update_changes_the_quantity_and_refuses_more_than_the_stock(client):
    variant = only_variant(quantity=5)
    add(client, variant, 1)
    update = reverse("orders:cart_update")

    response = client.post(update, {"variant": variant.pk, "quantity": 4})

    assert response["Location"] == CART_URL
    assert session_cart(client).lines.get().quantity == 4

    client.post(update, {"variant": variant.pk, "quantity": 6})

    assert session_cart(client).lines.get().quantity == 4
    assert f"Only 5 left of {variant} ({variant.sku})." in messages_of(client.get(CART_URL))


def test_update_to_zero_and_remove_both_take_the_line_out(client):
    first, second = only_variant(), only_variant()
    add(client, first)
    add(client, second)

    client.post(reverse("orders:cart_update"), {"variant": first.pk, "quantity": 0})
    response = client.post(reverse("orders:cart_remove"), {"variant": second.pk, "quantity": 3})

    assert response["Location"] == CART_URL
    assert not session_cart(client).lines.exists()
    page = client.get(CART_URL)
    assert "The item was removed." in messages_of(page)
    assert "Your cart is empty." in page.content.decode()


def test_cart_page_for_a_visitor_without_a_cart_is_empty(client):
    html = client.get(CART_URL).content.decode()

    assert "Your cart is empty." in html
    assert "data-cart-count" not in html


def test_promo_code_applies_shows_the_discount_and_can_be_removed(client):
    Voucher.objects.create(code="WELCOME10", value=Decimal("10"), min_spend=Decimal("30"))
    ShippingMethod.objects.create(
        name="Colissimo", price=Decimal("4.90"), free_above=Decimal("60"), countries=["FR"]
    )
    variant = only_variant(price=Decimal("20.00"))
    add(client, variant, 2)

    response = client.post(reverse("orders:promo_code_add"), {"code": "welcome10"})

    assert response["Location"] == CART_URL + "#promo"
    page = client.get(CART_URL)
    html = page.content.decode()
    assert "The promo code was applied." in messages_of(page)
    assert "<strong>WELCOME10</strong> applied" in html
    assert "−€4.00" in html
    assert "from €4.90" in html  # cheapest delivery to France, €36 of goods
    assert "€40.90" in html  # 40 − 4 + 4.90

    client.post(reverse("orders:promo_code_remove"))

    assert session_cart(client).voucher is None
    assert "The promo code was removed." in messages_of(client.get(CART_URL))


def test_refused_promo_codes_say_why(client):
    Voucher.objects.create(code="BIG", value=Decimal("10"), min_spend=Decimal("100"))
    add(client, only_variant(price=Decimal("20.00")))

    client.post(reverse("orders:promo_code_add"), {"code": "NOPE"})
    client.post(reverse("orders:promo_code_add"), {"code": "BIG"})

    assert messages_of(client.get(CART_URL))[-2:] == [
        "This promo code does not exist.",
        "This promo code needs a spend of at least €100.00.",
    ]
    assert session_cart(client).voucher is None


def test_every_cart_form_needs_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    variant = only_variant()

    response = client.post(reverse("orders:cart_add"), {"variant": variant.pk, "quantity": 1})

    assert response.status_code == 403
    assert not Checkout.objects.exists()


def test_header_count_costs_no_query_without_a_cart_and_one_with_one(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    with django_assert_num_queries(0):
        assert cart_quantity(request) == 0

    checkout = checkout_create(lines=[(only_variant().pk, 2), (only_variant().pk, 1)])
    request.session[SESSION_KEY] = str(checkout.token)
    with django_assert_num_queries(1):
        assert cart_quantity(request) == 3

    request.user = UserFactory()
    checkout_create(user=request.user, lines=[(only_variant().pk, 4)])
    with django_assert_num_queries(1):
        assert cart_quantity(request) == 4


def test_pages_that_do_not_show_the_count_do_not_query_it(client):
    add(client, only_variant())
    with CaptureQueriesContext(connection) as captured:
        client.get(CART_URL)

    sums = [q["sql"] for q in captured.captured_queries if "SUM(" in q["sql"].upper()]
    assert not [sql for sql in sums if "checkoutline" in sql]


def test_signing_in_merges_the_visitor_cart_into_the_customer_cart(client):
    user = UserFactory()
    shared, only_mine, only_guest = only_variant(quantity=10), only_variant(), only_variant()
    mine = checkout_create(user=user, lines=[(shared.pk, 1), (only_mine.pk, 1)])
    add(client, shared, 2)
    add(client, only_guest, 1)
    guest_token = client.session[SESSION_KEY]

    assert client.login(email=user.email, password="secret-pass-123")

    lines = dict(mine.lines.values_list("variant_id", "quantity"))
    assert lines == {shared.pk: 3, only_mine.pk: 1, only_guest.pk: 1}
    assert not Checkout.objects.filter(token=guest_token).exists()
    assert SESSION_KEY not in client.session
    assert "data-cart-count>5<" in client.get(CART_URL).content.decode()


def test_signing_in_without_a_visitor_cart_creates_nothing(client):
    user = UserFactory()

    assert client.login(email=user.email, password="secret-pass-123")

    assert not Checkout.objects.exists()


def cart_page_queries(client, lines):
    variants = []
    for _ in range(lines):
        variant = only_variant()
        ProductImageFactory(product=variant.product)
        variants.append(variant)
    for variant in variants:
        add(client, variant)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CART_URL)
    assert response.status_code == 200
    assert response.content.decode().count('class="cart-line"') == lines
    return len(captured)


def test_cart_page_runs_the_same_number_of_queries_for_1_and_10_lines(client):
    one = cart_page_queries(client, 1)
    ten = cart_page_queries(Client(), 10)

    assert one == ten
    assert one <= 10
