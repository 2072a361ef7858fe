"""Attack: over-long strings, NUL bytes, huge integers and impossible dates sent to the shop.

Each answers a typed error naming the field (or a normal page without the bad parameter), never
a 500 or the database's own words, and nothing is half-written.
"""

import pytest
from graphql_relay import to_global_id

from customers.models import User
from orders.models import Checkout, Order, ReturnRequest
from support.models import Ticket
from tests.api import graphql
from tests.factories import ProductVariantFactory, UserFactory
from tests.orders.graphql.staff_graphql_support import line_gid, order_gid
from tests.orders.order_builders import customers_order

pytestmark = pytest.mark.django_db

HUGE = str(2**64)
TOO_LONG = "a" * 20_000

TICKET_CREATE = """
mutation($input: TicketCreateInput!) {
  ticketCreate(input: $input) { ticket { id } errors { field code message } }
}"""
ACCOUNT_REGISTER = """
mutation($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { id } errors { field code message } }
}"""
TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
}"""
ORDER_LOOKUP = """
query($number: String!, $email: String!) { orderLookup(number: $number, email: $email) { id } }
"""
RETURN_REQUEST_CREATE = """
mutation($orderId: ID!, $lines: [ReturnLineCreateInput!]!) {
  returnRequestCreate(orderId: $orderId, lines: $lines) {
    returnRequest { id } errors { field code message }
  }
}"""
CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field code message } }
}"""


def ticket_input(**overrides):
    return {
        "subject": "Where is my parcel?",
        "body": "It has been a week.",
        "category": "DELIVERY",
        "email": "guest@example.com",
        **overrides,
    }


def register_input(**overrides):
    return {"email": "new@example.com", "password": "a-long-enough-pass-9", **overrides}


def the_only_error(payload):
    [error] = payload["errors"]
    return error["field"], error["code"]


def test_the_catalogue_ignores_a_category_id_beyond_any_integer(client):
    response = client.get("/products/", {"category_id": HUGE})

    assert response.status_code == 200


def test_the_support_stats_refuse_a_period_starting_at_the_end_of_time(client):
    agent = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(agent)

    response = client.get("/support/stats/", {"from": "9999-12-31"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"subject": "x" * 201}, "input.subject"),
        ({"subject": "Where\x00 is it?"}, "input.subject"),
        ({"body": TOO_LONG}, "input.body"),
        ({"body": "a\x00b"}, "input.body"),
        ({"email": "a" * 300 + "@example.com"}, "input.email"),
        ({"email": "gu\x00est@example.com"}, "input.email"),
    ],
)
def test_ticket_create_refuses_over_long_text_and_nul_bytes(client, overrides, field):
    result = graphql(client, TICKET_CREATE, {"input": ticket_input(**overrides)})

    assert the_only_error(result["data"]["ticketCreate"]) == (field, "INVALID")
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"email": "a" * 300 + "@example.com"}, "input.email"),
        ({"email": "n\x00ew@example.com"}, "input.email"),
        ({"password": "pass\x00word-long-enough"}, "input.password"),
        ({"password": TOO_LONG}, "input.password"),
        ({"firstName": "A" * 151}, "input.firstName"),
        ({"lastName": "Mar\x00tin"}, "input.lastName"),
    ],
)
def test_account_register_refuses_over_long_text_and_nul_bytes(client, overrides, field):
    result = graphql(client, ACCOUNT_REGISTER, {"input": register_input(**overrides)})

    assert the_only_error(result["data"]["accountRegister"]) == (field, "INVALID")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "variables, field",
    [
        ({"email": "a" * 300 + "@example.com", "password": "x"}, "email"),
        ({"email": "a\x00@example.com", "password": "x"}, "email"),
        ({"email": "a@example.com", "password": TOO_LONG}, "password"),
        ({"email": "a@example.com", "password": "x\x00"}, "password"),
    ],
)
def test_token_create_refuses_over_long_text_and_nul_bytes(client, variables, field):
    result = graphql(client, TOKEN_CREATE, variables)

    payload = result["data"]["tokenCreate"]
    assert the_only_error(payload) == (field, "INVALID")
    assert payload["token"] is None


@pytest.mark.parametrize(
    "variables, field",
    [
        ({"number": "9" * 5000, "email": "a@example.com"}, "number"),
        ({"number": "10\x0001", "email": "a@example.com"}, "number"),
        ({"number": "1001", "email": "a" * 5000 + "@example.com"}, "email"),
        ({"number": "1001", "email": "a\x00@example.com"}, "email"),
    ],
)
def test_order_lookup_refuses_over_long_text_and_nul_bytes(client, variables, field):
    result = graphql(client, ORDER_LOOKUP, variables)

    [error] = result["errors"]
    assert result["data"]["orderLookup"] is None
    assert (error["extensions"]["field"], error["extensions"]["code"]) == (field, "INVALID")


@pytest.mark.parametrize(
    "email, field",
    [("a" * 300 + "@example.com", "input.email"), ("a\x00@example.com", "input.email")],
)
def test_checkout_create_refuses_over_long_text_and_nul_bytes(client, email, field):
    variant = ProductVariantFactory()
    lines = [{"variantId": to_global_id("ProductVariant", variant.pk), "quantity": 1}]

    result = graphql(client, CHECKOUT_CREATE, {"input": {"email": email, "lines": lines}})

    assert the_only_error(result["data"]["checkoutCreate"]) == (field, "INVALID")
    assert not Checkout.objects.exists()


def test_checkout_create_answers_a_variant_id_beyond_any_integer_as_not_found(client):
    lines = [{"variantId": to_global_id("ProductVariant", HUGE), "quantity": 1}]

    result = graphql(client, CHECKOUT_CREATE, {"input": {"lines": lines}})

    payload = result["data"]["checkoutCreate"]
    assert payload["checkout"] is None
    assert payload["errors"] and all(error["code"] for error in payload["errors"])
    assert not Checkout.objects.exists() and not Order.objects.exists()


@pytest.mark.parametrize(
    "period",
    [
        {"from": "0001-01-01"},
        {"to": "0001-01-01"},
        {"to": "9999-12-31"},
        {"from": "2026-05-01", "to": "2026-04-01"},
    ],
)
def test_the_support_stats_answer_an_impossible_period_with_the_default_one(client, period):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/support/stats/", period)

    assert response.status_code == 200
    assert response.context["form"].errors


def test_sign_up_refuses_an_email_longer_than_an_account_can_store(client):
    response = client.post(
        "/account/signup/",
        {
            "email": "a" * 250 + "@example.com",
            "password": "a-long-enough-pass-9",
            "password_confirm": "a-long-enough-pass-9",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()


def test_return_request_create_refuses_details_longer_than_a_return_line_stores(client):
    shopper = UserFactory(email="shopper@example.com")
    order = customers_order(shopper)
    client.force_login(shopper)
    line = order.lines.order_by("pk")[0]
    lines = [
        {"orderLineId": line_gid(line), "quantity": 1, "reason": "OTHER", "reasonText": "x" * 501}
    ]

    result = graphql(client, RETURN_REQUEST_CREATE, {"orderId": order_gid(order), "lines": lines})

    payload = result["data"]["returnRequestCreate"]
    assert the_only_error(payload) == ("lines.0.reasonText", "INVALID")
    assert not ReturnRequest.objects.exists()


def test_a_nul_byte_deep_in_a_list_of_the_input_is_refused_with_its_path(client):
    line_ids = [to_global_id("OrderLine", 1), "T3JkZXJMaW5lOjE\x00"]

    result = graphql(client, TICKET_CREATE, {"input": ticket_input(orderLineIds=line_ids)})

    assert the_only_error(result["data"]["ticketCreate"]) == ("input.orderLineIds.1", "INVALID")
    assert not Ticket.objects.exists()
