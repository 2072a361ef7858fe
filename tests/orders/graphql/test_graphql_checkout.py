"""checkoutCreate and the lines mutations: success, typed errors, nothing changed on a refusal;
and who may reach a checkout."""

from datetime import timedelta

import pytest
from django.utils import timezone
from graphql_relay import from_global_id, to_global_id

from orders.models import Checkout, CheckoutLine
from shop.models import Reservation
from tests.api import graphql
from tests.factories import ProductFactory, UserFactory
from tests.orders.builders import variant_in_stock
from tests.orders.graphql.graphql_support import (
    CHECKOUT_FIELDS,
    checkout_id,
    create,
    create_checkout,
    errors_of,
    lines_add,
    lines_delete,
    lines_update,
    set_email,
    variant_id,
)

pytestmark = pytest.mark.django_db


def test_create_gives_an_id_that_encodes_the_token(client):
    variant = variant_in_stock(price="12.50")
    checkout = create_checkout(client, variant, quantity=2)
    stored = Checkout.objects.get()
    assert checkout["id"] == checkout_id(stored)
    assert from_global_id(checkout["id"]) == ("Checkout", str(stored.token))
    assert checkout["email"] == "alice@example.com"
    assert checkout["lines"] == [
        {
            "id": to_global_id("CheckoutLine", stored.lines.get().pk),
            "quantity": 2,
            "variant": {"id": variant_id(variant), "sku": variant.sku},
            "unitPrice": {"amount": "12.50"},
            "totalPrice": {"amount": "25.00"},
        }
    ]
    assert checkout["quantity"] == 2
    assert checkout["totalPrice"] == {"amount": "25.00", "currency": "EUR"}
    assert checkout["availablePaymentGateways"] == ["bank_transfer", "pay_on_delivery"]


def test_create_without_lines_nor_email(client):
    payload = create(client, email=None)
    assert payload["errors"] == []
    assert payload["checkout"]["email"] is None
    assert payload["checkout"]["lines"] == []


def test_create_refuses_an_invalid_email(client):
    payload = create(client, email="nope")
    assert payload["checkout"] is None
    assert errors_of(payload) == [("email", "INVALID")]
    assert not Checkout.objects.exists()


def test_signed_in_customer_gets_their_open_checkout(client):
    user = UserFactory()
    client.force_login(user)
    variant = variant_in_stock()
    first = create_checkout(client, variant, quantity=1, email="")
    second = create_checkout(client, variant, quantity=2, email="")
    assert first["id"] == second["id"]
    assert second["lines"][0]["quantity"] == 3
    assert second["email"] == user.email


def test_lines_add_adds_up_quantities(client):
    variant, other = variant_in_stock(), variant_in_stock()
    checkout = create_checkout(client, variant)["id"]
    lines_add(client, checkout, other, 1)
    payload = lines_add(client, checkout, variant, 2)
    assert payload["errors"] == []
    assert [line["quantity"] for line in payload["checkout"]["lines"]] == [3, 1]


def test_insufficient_stock_names_the_variant_and_the_quantity_left(client):
    variant = variant_in_stock(quantity=5)
    Reservation.objects.create(
        variant=variant,
        checkout_token="00000000-0000-0000-0000-000000000001",
        quantity=2,
        expires_at=timezone.now() + timedelta(minutes=10),
    )
    checkout = create_checkout(client, variant, quantity=1)["id"]
    payload = lines_add(client, checkout, variant, 3)
    assert payload["checkout"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == ("quantity", "INSUFFICIENT_STOCK")
    assert error["variants"] == [variant_id(variant)]
    assert error["quantityAvailable"] == 3
    assert variant.sku in error["message"]
    assert CheckoutLine.objects.get().quantity == 1


def test_quantity_greater_than_the_per_line_limit(client, settings):
    settings.SHOP_CART_MAX_LINE_QUANTITY = 3
    variant = variant_in_stock(quantity=10)
    checkout = create_checkout(client, variant, quantity=3)["id"]
    [error] = lines_add(client, checkout, variant, 1)["errors"]
    assert error["code"] == "QUANTITY_GREATER_THAN_LIMIT"
    assert error["variants"] == [variant_id(variant)]
    assert error["quantityAvailable"] is None
    assert error["message"] == "You can buy at most 3 of one item."
    assert CheckoutLine.objects.get().quantity == 3


def test_ids_that_are_not_variant_ids_are_not_found_on_lines(client):
    product_id = to_global_id("Product", ProductFactory().pk)
    for bad in (product_id, "nonsense"):
        lines = [{"variantId": bad, "quantity": 1}]
        query = "mutation($lines: [CheckoutLineInput!]) { checkoutCreate(input: {lines: $lines}) "
        query += "{ checkout { id } errors { field code } } }"
        payload = graphql(client, query, {"lines": lines})["data"]["checkoutCreate"]
        assert errors_of(payload) == [("lines", "NOT_FOUND")]
    assert not Checkout.objects.exists()


@pytest.mark.parametrize("case", ["missing", "unpublished"])
def test_variants_not_for_sale_are_not_found_on_lines(client, case):
    variant = variant_in_stock(is_published=case != "unpublished")
    if case == "missing":
        variant_pk = variant.pk
        variant.delete()
        variant.pk = variant_pk
    checkout = create_checkout(client, variant_in_stock())["id"]
    assert errors_of(lines_add(client, checkout, variant, 1)) == [("lines", "NOT_FOUND")]
    assert CheckoutLine.objects.count() == 1


def test_lines_update_by_line_or_variant_and_zero_removes(client):
    first, second = variant_in_stock(), variant_in_stock()
    checkout = create_checkout(client, first)["id"]
    line_id = lines_add(client, checkout, second, 1)["checkout"]["lines"][0]["id"]
    updates = [{"lineId": line_id, "quantity": 4}, {"variantId": variant_id(second), "quantity": 0}]
    payload = lines_update(client, checkout, updates)
    assert payload["errors"] == []
    lines = payload["checkout"]["lines"]
    assert [(line["variant"]["sku"], line["quantity"]) for line in lines] == [(first.sku, 4)]


def test_a_failing_lines_update_changes_nothing(client):
    plenty, scarce = variant_in_stock(quantity=10), variant_in_stock(quantity=2)
    checkout = create_checkout(client, plenty)["id"]
    lines_add(client, checkout, scarce, 1)
    updates = [
        {"variantId": variant_id(plenty), "quantity": 5},
        {"variantId": variant_id(scarce), "quantity": 3},
    ]
    [error] = lines_update(client, checkout, updates)["errors"]
    assert error["code"] == "INSUFFICIENT_STOCK"
    assert (error["variants"], error["quantityAvailable"]) == ([variant_id(scarce)], 2)
    quantities = dict(CheckoutLine.objects.values_list("variant_id", "quantity"))
    assert quantities == {plenty.pk: 1, scarce.pk: 1}


def test_lines_update_refuses_lines_of_another_checkout_and_unnamed_lines(client):
    variant = variant_in_stock()
    mine = create_checkout(client, variant)["id"]
    theirs = create_checkout(client, variant)["lines"][0]["id"]
    payload = lines_update(client, mine, [{"lineId": theirs, "quantity": 2}])
    assert errors_of(payload) == [("lines", "NOT_FOUND")]
    payload = lines_update(client, mine, [{"quantity": 2}])
    assert errors_of(payload) == [("lines", "INVALID")]
    assert set(CheckoutLine.objects.values_list("quantity", flat=True)) == {1}


def test_lines_delete(client):
    first, second = variant_in_stock(), variant_in_stock()
    checkout = create_checkout(client, first)["id"]
    lines = lines_add(client, checkout, second, 1)["checkout"]["lines"]
    payload = lines_delete(client, checkout, [lines[0]["id"]])
    assert payload["errors"] == []
    assert [line["id"] for line in payload["checkout"]["lines"]] == [lines[1]["id"]]

    others_line = create_checkout(client, first)["lines"][0]["id"]
    for line_ids in ([others_line], ["nonsense"]):
        assert errors_of(lines_delete(client, checkout, line_ids)) == [("lineIds", "NOT_FOUND")]
    assert CheckoutLine.objects.count() == 2


# Who may reach a checkout


def test_another_customers_checkout_reads_as_not_found(client):
    variant = variant_in_stock()
    client.force_login(UserFactory())
    theirs = create_checkout(client, variant)["id"]
    client.force_login(UserFactory())
    unknown = to_global_id("Checkout", "6f1c1b0e-7a39-4d7e-9a39-5b1e0c4c2f10")
    answers = [lines_add(client, checkout, variant, 1) for checkout in (theirs, unknown)]
    client.logout()
    answers.append(lines_add(client, theirs, variant, 1))
    assert answers[0] == answers[1] == answers[2]
    assert errors_of(answers[0]) == [("id", "NOT_FOUND")]
    assert CheckoutLine.objects.get().quantity == 1
    query = "query($id: ID!) { checkout(id: $id) { id } node(id: $id) { id } }"
    assert graphql(client, query, {"id": theirs})["data"] == {"checkout": None, "node": None}


def test_malformed_and_primary_key_ids_are_not_found(client):
    create_checkout(client, variant_in_stock())
    stored = Checkout.objects.get()
    for bad in ("nonsense", to_global_id("Checkout", stored.pk)):
        assert errors_of(set_email(client, bad, "bob@example.com")) == [("id", "NOT_FOUND")]
        query = "query($id: ID!) { checkout(id: $id) { id } }"
        assert graphql(client, query, {"id": bad})["data"] == {"checkout": None}
    assert Checkout.objects.get().email == "alice@example.com"


def test_a_guest_checkout_is_read_by_whoever_holds_its_id(client):
    checkout = create_checkout(client, variant_in_stock())
    query = f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT_FIELDS} }} }}"
    assert graphql(client, query, {"id": checkout["id"]})["data"]["checkout"] == checkout
    query = "query($id: ID!) { node(id: $id) { id ... on Checkout { email } } }"
    node = graphql(client, query, {"id": checkout["id"]})["data"]["node"]
    assert node == {"id": checkout["id"], "email": "alice@example.com"}
