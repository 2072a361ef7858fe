import pytest
from django.core import mail, signing
from graphql_relay import to_global_id

from customers.address_book import address_create
from customers.models import User
from customers.tokens import api_token
from tests.api import graphql
from tests.customers.support import PASSWORD, address_data, customer, make_order

pytestmark = pytest.mark.django_db

TOKEN_CREATE = """
mutation ($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token user { email } errors { field code message }
  }
}"""
ME = """
{ me { email firstName lastName isEmailVerified
       addresses { id city } defaultShippingAddress { city }
       orders(first: 20) { totalCount edges { node { number status
         lines { productName } fulfillments { trackingNumber trackingUrl }
         events { type message } } } } } }"""
REGISTER = """
mutation ($input: AccountRegisterInput!) {
  accountRegister(input: $input) { user { email } requiresConfirmation errors { field code } }
}"""
NODE_ADDRESS = """query ($id: ID!) { node(id: $id) { ... on Address { city } } }"""


def bearer(client, token):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def token_create(client, email, password, **extra):
    body = {"query": TOKEN_CREATE, "variables": {"email": email, "password": password}}
    response = client.post("/graphql/", body, content_type="application/json", **extra)
    return response.json()["data"]["tokenCreate"]


def test_token_create_and_me_with_bearer(client):
    user = customer("alice@example.com", first_name="Alice")
    address_create(user=user, data=address_data())

    payload = token_create(client, "ALICE@example.com", PASSWORD)

    assert payload["errors"] == [] and payload["user"] == {"email": "alice@example.com"}
    me = graphql(bearer(client, payload["token"]), ME)["data"]["me"]
    assert me["email"] == "alice@example.com" and me["firstName"] == "Alice"
    assert me["isEmailVerified"] is False
    assert [a["city"] for a in me["addresses"]] == ["Paris"]
    assert me["defaultShippingAddress"] == {"city": "Paris"}


def test_bearer_mutations_need_no_csrf_token():
    from django.test import Client

    user = customer("csrf@example.com")
    client = bearer(Client(enforce_csrf_checks=True), api_token(user))

    result = graphql(client, REGISTER, {"input": {"email": "x@example.com", "password": "pw"}})

    assert result["data"]["accountRegister"]["errors"][0]["code"] == "PASSWORD_TOO_WEAK"


def test_wrong_credentials_are_typed_errors_and_the_same_for_an_unknown_email(client):
    customer("bob@example.com")

    wrong = token_create(client, "bob@example.com", "nope")
    unknown = token_create(client, "nobody@example.com", "nope")

    assert wrong["token"] is None
    assert wrong["errors"] == unknown["errors"]
    assert wrong["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_token_create_is_rate_limited_like_sign_in(client):
    customer("carl@example.com")
    for _ in range(5):
        token_create(client, "carl@example.com", "nope")

    payload = token_create(client, "carl@example.com", PASSWORD, REMOTE_ADDR="10.9.9.9")

    assert payload["token"] is None
    assert payload["errors"][0]["code"] == "RATE_LIMITED"


def test_an_invalid_or_revoked_token_is_anonymous(client):
    user = customer("dora@example.com")
    token = api_token(user)
    client.force_login(user)  # a session cookie does not rescue a bad bearer token

    assert graphql(bearer(client, token + "x"), ME)["data"]["me"] is None
    assert graphql(bearer(client, "garbage"), ME)["data"]["me"] is None
    forged = signing.dumps({"u": user.pk, "p": "0" * 16}, salt="customers.api-token")
    assert graphql(bearer(client, forged), ME)["data"]["me"] is None
    assert graphql(bearer(client, token), ME)["data"]["me"]["email"] == user.email
    user.set_password("a-new-long-password")
    user.save()
    assert graphql(bearer(client, token), ME)["data"]["me"] is None
    assert graphql(bearer(client, api_token(user)), ME)["data"]["me"]["email"] == user.email


def test_an_expired_token_is_anonymous(client, monkeypatch):
    user = customer("eve@example.com")
    token = api_token(user)
    monkeypatch.setattr("customers.tokens.API_TOKEN_MAX_AGE", -1)

    assert graphql(bearer(client, token), ME)["data"]["me"] is None


def test_account_register(client, django_capture_on_commit_callbacks):
    variables = {
        "input": {
            "email": "New@Example.com",
            "password": "a-long-passphrase",
            "firstName": "Nina",
            "lastName": "Roux",
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        payload = graphql(client, REGISTER, variables)["data"]["accountRegister"]

    # No user in the answer: it must not differ for an email that already has an account.
    assert payload == {"user": None, "requiresConfirmation": True, "errors": []}
    assert User.objects.get(email="new@example.com").first_name == "Nina"
    assert mail.outbox[-1].to == ["new@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        again = graphql(client, REGISTER, variables)["data"]["accountRegister"]
    assert again == payload
    assert User.objects.filter(email="new@example.com").count() == 1
    assert "You already have an account" in mail.outbox[-1].subject


def test_me_is_null_for_a_guest(client):
    assert graphql(client, ME)["data"]["me"] is None


def test_me_orders_are_own_only_without_internal_events_in_constant_queries(
    client, django_assert_num_queries
):
    user = customer("fred@example.com")
    make_order(email=user.email, user=user, parcels=1)
    make_order(email="other@example.com", user=customer("other@example.com"))
    make_order(email=user.email)  # a guest order, the email not verified yet
    client = bearer(client, api_token(user))

    orders = graphql(client, ME)["data"]["me"]["orders"]

    assert orders["totalCount"] == 1
    node = orders["edges"][0]["node"]
    assert node["fulfillments"][0]["trackingUrl"].endswith(
        node["fulfillments"][0]["trackingNumber"]
    )
    assert [event["type"] for event in node["events"]] == ["PLACED"]

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert "errors" not in graphql(client, ME)
        return len(captured)

    one = count()
    for _ in range(9):
        make_order(email=user.email, user=user, lines=3, parcels=2)
    assert count() == one


def test_another_customers_address_reads_as_null(client):
    alice = customer("alice@example.com")
    bob = customer("bob@example.com")
    theirs = address_create(user=bob, data=address_data(city="Nantes", postal_code="44000"))
    mine = address_create(user=alice, data=address_data())
    client = bearer(client, api_token(alice))

    assert graphql(client, NODE_ADDRESS, {"id": to_global_id("Address", mine.pk)})["data"][
        "node"
    ] == {"city": "Paris"}
    for guessed in (theirs.pk, theirs.pk + 1000):
        result = graphql(client, NODE_ADDRESS, {"id": to_global_id("Address", guessed)})
        assert result["data"]["node"] is None


def test_another_user_node_reads_as_null(client):
    alice = customer("alice@example.com")
    bob = customer("bob@example.com")
    client = bearer(client, api_token(alice))
    query = """query ($id: ID!) { node(id: $id) { ... on User { email } } }"""

    assert graphql(client, query, {"id": to_global_id("User", bob.pk)})["data"]["node"] is None
    own = graphql(client, query, {"id": to_global_id("User", alice.pk)})["data"]["node"]
    assert own == {"email": "alice@example.com"}
