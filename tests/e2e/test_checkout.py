"""A guest buys in the real storefront, in headless Chromium: home → category → product → cart →
checkout → confirmation, paying on delivery, and by card through Stripe.js (localstripe's)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.demo import demo_checkout_setup_ensure
from orders.models import Order
from tests.content.builders import published_page
from tests.factories import CategoryFactory, ProductFactory
from tests.localstripe import CARD_DECLINED, CARD_OK

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalog():
    demo_checkout_setup_ensure()  # Colissimo, Chronopost express, Europe standard, WELCOME10
    kitchen = CategoryFactory(name="Kitchen", is_featured=True, description="Pots and mugs.")
    return ProductFactory(
        name="Stoneware Mug",
        category=kitchen,
        is_featured=True,
        description="A hand-glazed mug that keeps tea warm.",
        variants=[
            {"name": "Blue", "sku": "MUG-BLU", "price": Decimal("18.00"), "quantity": 0},
            {"name": "Green", "sku": "MUG-GRN", "price": Decimal("18.00"), "quantity": 7},
        ],
    )


def browse_and_fill_the_cart(page, shot):
    page.goto("/")
    expect(page.get_by_role("heading", name="Shop by category")).to_be_visible()
    shot("home")

    page.get_by_role("link", name="Kitchen").first.click()
    expect(page.get_by_role("heading", level=1, name="Kitchen")).to_be_visible()
    shot("category")

    page.get_by_role("link", name="Stoneware Mug").first.click()
    expect(page.get_by_role("heading", level=1, name="Stoneware Mug")).to_be_visible()
    expect(page.locator('input[name="variant"][value]').first).to_be_disabled()  # Blue: sold out
    page.get_by_label("Quantity").fill("2")
    shot("product")
    page.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_text("Added to your cart.")).to_be_visible()
    expect(page.locator("[data-cart-count]")).to_have_text("2")
    expect(page.locator(".cart-line")).to_contain_text("Green")
    page.get_by_label("Promo code").fill("welcome10")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("The promo code was applied.")).to_be_visible()
    shot("cart")


def fill_in_the_details(page, shot):
    page.get_by_role("link", name="Checkout").click()
    expect(page.get_by_role("heading", level=1, name="Checkout")).to_be_visible()
    page.get_by_label("Email").fill("guest@example.com")
    page.get_by_label("First name").first.fill("Camille")
    page.get_by_label("Last name").first.fill("Durand")
    page.get_by_label("Address", exact=True).first.fill("8 quai des Chartrons")
    page.get_by_label("Postcode").first.fill("33000")
    page.get_by_label("City").first.fill("Bordeaux")
    expect(page.locator('[name="billing-first_name"]')).to_be_hidden()  # same as shipping
    shot("details")
    page.get_by_role("button", name="Continue to delivery").click()
    expect(page.get_by_role("heading", level=1, name="Delivery and payment")).to_be_visible()


def test_guest_buys_and_pays_on_delivery(page, shot, catalog):
    published_page()  # the shop's terms of sale: to accept before ordering
    browse_and_fill_the_cart(page, shot)
    fill_in_the_details(page, shot)

    expect(page.get_by_text("Europe standard")).to_have_count(0)  # does not ship to France
    page.get_by_text("Chronopost express").click()
    expect(page.locator("[data-summary-total]")).to_have_text("€45.30")  # 36 − 3.60 + 12.90
    page.get_by_text("Colissimo").click()
    expect(page.locator("[data-summary-total]")).to_have_text("€37.30")
    page.get_by_text("Pay on delivery", exact=True).click()
    shot("delivery")
    page.get_by_role("button", name="Place order").click()
    # Not without the terms of sale: the browser keeps the shopper on the page.
    expect(page.get_by_role("heading", name="Thank you for your order!")).to_have_count(0)
    assert not Order.objects.exists()
    page.get_by_label("I have read and accept the terms of sale").check()
    page.get_by_role("button", name="Place order").click()

    expect(page.get_by_role("heading", name="Thank you for your order!")).to_be_visible()
    order = Order.objects.get()
    expect(page.locator(".order__number")).to_contain_text(order.number)
    expect(page.get_by_text("How to pay on delivery")).to_be_visible()
    assert order.gateway == "pay_on_delivery" and order.terms_revision is not None
    shot("confirmation")
    assert order.email == "guest@example.com"
    assert order.total == Decimal("37.30")
    assert order.payment_status == "not_charged"
    assert page.locator("[data-cart-count]").count() == 0


def go_to_card_payment(page, shot):
    browse_and_fill_the_cart(page, shot)
    fill_in_the_details(page, shot)
    page.get_by_text("Credit or debit card").click()
    expect(page.get_by_role("button", name="Continue to payment")).to_be_visible()
    shot("delivery")
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.get_by_role("heading", level=1, name="Payment")).to_be_visible()


def type_card(page, number):
    field = page.locator("#card-element")
    field.locator('input[placeholder="number"]').fill(number)
    field.locator('input[placeholder="exp_month"]').fill("12")
    field.locator('input[placeholder="exp_year"]').fill("30")
    field.locator('input[placeholder="cvc"]').fill("123")
    field.locator('input[placeholder="postal_code"]').fill("33000")


def pay(page, card_confirmation):
    card_confirmation.read_card_field()
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    # localstripe's Stripe.js asks, as a bank would for 3-D Secure.
    page.get_by_role("button", name="Complete authentication").click()


def test_guest_pays_by_card_with_stripe_js(page, shot, catalog, stripe_settings, card_confirmation):
    go_to_card_payment(page, shot)
    type_card(page, CARD_OK)
    expect(page.get_by_role("button", name="Pay €37.30")).to_be_enabled()
    shot("payment")

    pay(page, card_confirmation)

    expect(page.get_by_role("heading", name="Thank you for your order!")).to_be_visible()
    order = Order.objects.get()
    expect(page.locator(".order__number")).to_contain_text(order.number)
    expect(page.locator(".order__status .status--paid").last).to_have_text("Paid")
    shot("confirmation")
    assert order.gateway == "stripe"
    assert order.payment_status == "fully_charged"
    (payment,) = order.payments.all()
    assert card_confirmation.localstripe.payment_intent(payment.provider_reference)["status"] == (
        "succeeded"
    )


def test_a_declined_card_is_shown_on_the_payment_page(
    page, shot, catalog, stripe_settings, card_confirmation
):
    go_to_card_payment(page, shot)
    type_card(page, CARD_DECLINED)

    pay(page, card_confirmation)

    expect(page.locator("#card-errors")).to_have_text(re.compile(r"declined", re.I))
    expect(page.get_by_role("button", name="Pay €37.30")).to_be_enabled()
    shot("declined")
    assert not Order.objects.exists()
