"""The seller's work of graphql/operations/orders-staff.graphql, run as documented: find the
order, confirm it, ship it in two parcels, correct a tracking number, mark it delivered, note;
and cancel another order before shipping."""

import pytest

from tests.api import operation_names, operations_document, run_payload
from tests.clients import logged_in
from tests.orders.graphql.staff_graphql_support import line_gid, order_gid
from tests.orders.order_builders import placed_order, seller

pytestmark = pytest.mark.django_db

DOCUMENT = operations_document("orders-staff")
OPERATIONS = {
    "StaffOrders",
    "StaffOrder",
    "OrderConfirm",
    "OrderFulfill",
    "OrderFulfillmentUpdateTracking",
    "OrderMarkDelivered",
    "OrderCancel",
    "OrderNoteAdd",
    "OrderMarkPaid",
}


def run(client, operation, **variables):
    return run_payload(client, DOCUMENT, operation, **variables)


def test_document_has_the_staff_operations():
    assert operation_names(DOCUMENT) == OPERATIONS


def test_seller_ships_an_order_in_two_parcels_and_cancels_another():
    order = placed_order(quantities=(3, 1))
    other = placed_order(quantities=(1,))
    client = logged_in(seller())
    mug, lamp = (line_gid(line) for line in order.lines.order_by("pk"))

    listing = run(client, "StaffOrders", filter={"search": order.number, "status": ["UNCONFIRMED"]})
    assert listing["totalCount"] == 1
    order_id = listing["edges"][0]["node"]["id"]
    assert order_id == order_gid(order)
    assert run(client, "StaffOrder", id=order_id)["status"] == "UNCONFIRMED"

    assert run(client, "OrderConfirm", id=order_id)["order"]["status"] == "UNFULFILLED"
    first_parcel = {
        "lines": [{"orderLineId": mug, "quantity": 2}, {"orderLineId": lamp, "quantity": 1}],
        "carrier": "colissimo",
        "trackingNumber": "6A12345678901",
        "notifyCustomer": False,
    }
    payload = run(client, "OrderFulfill", id=order_id, input=first_parcel)
    assert payload["order"]["status"] == "PARTIALLY_FULFILLED"
    assert payload["fulfillment"]["trackingUrl"] == (
        "https://www.laposte.fr/outils/suivre-vos-envois?code=6A12345678901"
    )
    second_parcel = {
        "lines": [{"orderLineId": mug, "quantity": 1}],
        "carrier": "ups",
        "trackingNumber": "1Z0000",
        "notifyCustomer": False,
    }
    payload = run(client, "OrderFulfill", id=order_id, input=second_parcel)
    assert payload["order"]["status"] == "FULFILLED"
    assert [line["quantityFulfilled"] for line in payload["order"]["lines"]] == [3, 1]
    second = payload["fulfillment"]
    assert (second["number"], second["carrierName"]) == (2, "UPS")

    tracking = {"carrier": "ups", "trackingNumber": "1Z9999", "notifyCustomer": False}
    payload = run(client, "OrderFulfillmentUpdateTracking", id=second["id"], input=tracking)
    assert payload["fulfillment"]["trackingUrl"] == "https://www.ups.com/track?tracknum=1Z9999"

    payload = run(client, "OrderMarkDelivered", id=second["id"])
    assert [p["status"] for p in payload["order"]["fulfillments"]] == ["SHIPPED", "DELIVERED"]
    payload = run(client, "OrderMarkDelivered", id=order_id)
    assert [p["status"] for p in payload["order"]["fulfillments"]] == ["DELIVERED", "DELIVERED"]
    assert run(client, "StaffOrder", id=order_id)["status"] == "DELIVERED"

    note = run(client, "OrderNoteAdd", id=order_id, message="Signed by the neighbour")["event"]
    assert (note["type"], note["message"]) == ("NOTE_ADDED", "Signed by the neighbour")
    events = [event["type"] for event in run(client, "StaffOrder", id=order_id)["events"]]
    assert events[-8:] == [
        "CONFIRMED",
        "FULFILLED",
        "FULFILLED",
        "TRACKING_UPDATED",
        "DELIVERED",
        "DELIVERED",
        "STATUS_CHANGED",
        "NOTE_ADDED",
    ]

    canceled = run(client, "OrderCancel", id=order_gid(other), reason="Customer asked")["order"]
    assert canceled["status"] == "CANCELED"
