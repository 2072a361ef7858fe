"""The documented account operations (graphql/operations/account.graphql) run and return data."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.api import graphql
from tests.customers.support import make_order

pytestmark = pytest.mark.django_db

DOCUMENT = (Path(settings.BASE_DIR) / "graphql" / "operations" / "account.graphql").read_text()


def run(client, operation, variables=None):
    result = graphql(client, DOCUMENT, variables, operation_name=operation)
    assert "errors" not in result, result["errors"]
    return result["data"]


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
