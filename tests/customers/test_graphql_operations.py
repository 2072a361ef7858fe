"""The documented account operations (graphql/operations/account.graphql) run and return data."""

import pytest

from tests.api import operations_document, run_data
from tests.customers.support import make_order

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("account")


def run(client, operation, variables=None):
    return run_data(client, DOCUMENT, operation, variables)


def test_register_sign_in_read_me_and_look_up_a_guest_order(client):
    guest_order = make_order(email="guest@example.com", parcels=1)

    registered = run(
        client,
        "AccountRegister",
        {"email": "zoe@example.com", "password": "a-long-passphrase", "firstName": "Zoé"},
    )
    token = run(
        client, "TokenCreate", {"email": "zoe@example.com", "password": "a-long-passphrase"}
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token['tokenCreate']['token']}"
    me = run(client, "Me")["me"]
    client.defaults.pop("HTTP_AUTHORIZATION")
    found = run(client, "OrderLookup", {"number": guest_order.number, "email": "guest@example.com"})

    assert registered["accountRegister"]["errors"] == []
    assert me["email"] == "zoe@example.com" and me["firstName"] == "Zoé"
    assert me["orders"]["totalCount"] == 0
    parcel = found["orderLookup"]["fulfillments"][0]
    assert parcel["carrierName"] == "La Poste Colissimo" and parcel["trackingUrl"]
