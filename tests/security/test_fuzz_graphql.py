"""Fuzzing: generated input to the storefront's public queries and mutations, as a guest and as
a signed-in customer (through the session and through a Bearer token from tokenCreate).

Whatever arrives, the answer is JSON below HTTP 500, with no raw Python or database text, and
every payload error carries a code.
"""

import pytest
from graphql_relay import to_global_id
from hypothesis import given
from hypothesis import strategies as st

from customers.models import RateLimitHit
from orders.models import Checkout
from shop.models import ProductVariant
from tests.api import graphql
from tests.factories import ProductFactory, UserFactory
from tests.security.fuzzing import (
    FUZZ,
    any_of,
    assert_safe_graphql_answer,
    global_ids,
    integers,
    texts,
    wrong_types,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


@pytest.fixture(params=["anonymous", "session", "bearer"])
def shopper(request, client):
    """A client as a guest, or as a customer signed in one way or the other."""
    ProductFactory(name="Linen shirt")
    if request.param == "session":
        client.force_login(UserFactory(email="fuzz@example.com"))
    elif request.param == "bearer":
        UserFactory(email="fuzz@example.com", password=PASSWORD)
        result = graphql(
            client,
            "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) "
            "{ token errors { code } } }",
            {"e": "fuzz@example.com", "p": PASSWORD},
        )
        token = result["data"]["tokenCreate"]["token"]
        assert token, result
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def send(client, query: str, variables: dict):
    # Rate limits would soon answer every example alike; the deeper paths are the ones to reach.
    RateLimitHit.objects.all().delete()
    response = client.post(
        "/graphql/", {"query": query, "variables": variables}, content_type="application/json"
    )
    assert_safe_graphql_answer(response)


line_inputs = st.lists(
    st.fixed_dictionaries({"variantId": any_of(global_ids), "quantity": any_of(integers)}),
    max_size=3,
)
address_inputs = st.dictionaries(
    st.sampled_from(
        ["firstName", "lastName", "companyName", "streetAddress1", "postalCode", "city", "country"]
    ),
    any_of(texts),
)

CATALOG = """
query($first: Int, $after: String, $filter: ProductFilterInput, $sortBy: ProductSortingInput,
      $id: ID, $slug: String, $level: Int, $parent: ID) {
  products(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    edges { node { id name } }
  }
  product(id: $id, slug: $slug) { id }
  categories(first: $first, level: $level, parent: $parent) { edges { node { id } } }
  category(id: $id, slug: $slug) { id }
}"""


@FUZZ
@given(
    variables=st.fixed_dictionaries(
        {},
        optional={
            "first": any_of(integers),
            "after": any_of(texts),
            "filter": any_of(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "search": any_of(texts),
                        "categories": any_of(st.lists(global_ids, max_size=3)),
                        "priceGte": any_of(st.one_of(texts, integers.map(str))),
                        "priceLte": any_of(st.one_of(texts, integers.map(str))),
                        "inStock": wrong_types,
                    },
                )
            ),
            "sortBy": wrong_types,
            "id": any_of(global_ids),
            "slug": any_of(texts),
            "level": any_of(integers),
            "parent": any_of(global_ids),
        },
    )
)
def test_fuzz_the_catalog(shopper, variables):
    send(shopper, CATALOG, variables)


CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) { checkout { id } errors { field code message } }
}"""


@FUZZ
@given(
    data=st.fixed_dictionaries({}, optional={"email": any_of(texts), "lines": any_of(line_inputs)})
)
def test_fuzz_checkout_create(shopper, data):
    send(shopper, CHECKOUT_CREATE, {"input": data})


CHECKOUT_STEPS = """
mutation($id: ID!, $lines: [CheckoutLineInput!]!, $updates: [CheckoutLineUpdateInput!]!,
         $lineIds: [ID!]!, $email: String!, $address: AddressInput!, $code: String!) {
  checkoutLinesAdd(id: $id, lines: $lines) { errors { field code message } }
  checkoutLinesUpdate(id: $id, lines: $updates) { errors { field code message } }
  checkoutLinesDelete(id: $id, lineIds: $lineIds) { errors { field code message } }
  checkoutEmailUpdate(id: $id, email: $email) { errors { field code message } }
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {
    errors { field code message }
  }
  checkoutAddPromoCode(id: $id, promoCode: $code) { errors { field code message } }
}"""


def open_checkout_id(client) -> str:
    """A fresh checkout (a customer has one open checkout, which earlier examples filled)."""
    Checkout.objects.all().delete()
    variant = ProductVariant.objects.first()
    result = graphql(
        client,
        CHECKOUT_CREATE,
        {
            "input": {
                "lines": [{"variantId": to_global_id("ProductVariant", variant.pk), "quantity": 1}]
            }
        },
    )
    return result["data"]["checkoutCreate"]["checkout"]["id"]


@FUZZ
@given(
    use_real_id=st.booleans(),
    other_id=global_ids,
    lines=line_inputs,
    updates=st.lists(
        st.fixed_dictionaries(
            {"quantity": any_of(integers)},
            optional={"lineId": any_of(global_ids), "variantId": any_of(global_ids)},
        ),
        max_size=3,
    ),
    line_ids=st.lists(global_ids, max_size=3),
    email=texts,
    address=address_inputs,
    code=texts,
)
def test_fuzz_the_checkout_steps(
    shopper, use_real_id, other_id, lines, updates, line_ids, email, address, code
):
    checkout_id = open_checkout_id(shopper) if use_real_id else other_id
    variables = {
        "id": checkout_id,
        "lines": lines,
        "updates": updates,
        "lineIds": line_ids,
        "email": email,
        "address": address,
        "code": code,
    }
    send(shopper, CHECKOUT_STEPS, variables)


ACCOUNT = """
mutation($email: String!, $password: String!, $input: AccountRegisterInput!) {
  tokenCreate(email: $email, password: $password) { token errors { field code message } }
  accountRegister(input: $input) { user { id } errors { field code message } }
}"""


@FUZZ
@given(
    email=any_of(texts),
    password=any_of(texts),
    register=st.fixed_dictionaries(
        {"email": any_of(texts), "password": any_of(texts)},
        optional={"firstName": any_of(texts), "lastName": any_of(texts)},
    ),
)
def test_fuzz_sign_in_and_sign_up(shopper, email, password, register):
    send(shopper, ACCOUNT, {"email": email, "password": password, "input": register})


LOOKUPS = """
query($number: String!, $email: String!, $id: ID!) {
  orderLookup(number: $number, email: $email) { id }
  order(id: $id) { id }
  checkout(id: $id) { id }
  me { id email }
}"""


@FUZZ
@given(number=any_of(texts), email=any_of(texts), id=any_of(global_ids))
def test_fuzz_order_lookup_and_reads_by_id(shopper, number, email, id):
    send(shopper, LOOKUPS, {"number": number, "email": email, "id": id})


TICKET_CREATE = """
mutation($input: TicketCreateInput!) {
  ticketCreate(input: $input) { ticket { id } errors { field code message } }
}"""


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {
            "subject": any_of(texts),
            "body": any_of(texts),
            "category": any_of(st.sampled_from(["DELIVERY", "RETURN", "OTHER"]) | texts),
        },
        optional={
            "email": any_of(texts),
            "orderId": any_of(global_ids),
            "orderLineIds": any_of(st.lists(global_ids, max_size=3)),
        },
    )
)
def test_fuzz_ticket_create(shopper, data):
    send(shopper, TICKET_CREATE, {"input": data})
