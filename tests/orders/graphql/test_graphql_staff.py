"""The seller operations through GraphQL (orders/graphql/orders/mutations.py) and the staff's
`orders` list: results, typed errors, permissions, query counts."""

import pytest
from graphql_relay import to_global_id

from orders.lifecycle.fulfillment import order_fulfill
from orders.lifecycle.transitions import order_confirm
from orders.models import Fulfillment, Order
from tests.api import graphql
from tests.clients import logged_in
from tests.orders.graphql.staff_graphql_support import (
    fulfil_input,
    fulfillment_gid,
    line_gid,
    order_gid,
    staff_mutate,
)
from tests.orders.order_builders import placed_order, shopper, support_agent

pytestmark = pytest.mark.django_db


def _errors(payload) -> list[tuple]:
    return [(error["field"], error["code"]) for error in payload["errors"]]


def test_seller_confirms_fulfils_tracks_delivers_and_notes(seller_client, settings):
    order = placed_order(quantities=(3, 1))
    oid = order_gid(order)

    payload = staff_mutate(seller_client, "orderConfirm", id=oid)
    assert payload["errors"] == []
    assert payload["order"]["status"] == "UNFULFILLED"

    payload = staff_mutate(
        seller_client, "orderFulfill", id=oid, input=fulfil_input(order, 2, 1, tracking="6A1")
    )
    assert payload["errors"] == []
    assert payload["order"]["status"] == "PARTIALLY_FULFILLED"
    assert [line["quantityFulfilled"] for line in payload["order"]["lines"]] == [2, 1]
    first = payload["fulfillment"]
    assert (first["number"], first["carrier"], first["trackingNumber"]) == (1, "colissimo", "6A1")
    assert first["trackingUrl"] == "https://www.laposte.fr/outils/suivre-vos-envois?code=6A1"

    payload = staff_mutate(
        seller_client, "orderFulfill", id=oid, input=fulfil_input(order, 1, 0, carrier="ups")
    )
    assert payload["order"]["status"] == "FULFILLED"
    parcels = payload["order"]["fulfillments"]
    assert [(p["number"], p["carrierName"], p["status"]) for p in parcels] == [
        (1, "La Poste Colissimo", "SHIPPED"),
        (2, "UPS", "SHIPPED"),
    ]
    lines = list(order.lines.order_by("pk"))
    assert parcels[1]["lines"] == [{"orderLine": {"id": line_gid(lines[0])}, "quantity": 1}]

    payload = staff_mutate(
        seller_client,
        "orderFulfillmentUpdateTracking",
        id=parcels[1]["id"],
        input={"carrier": "dhl", "trackingNumber": "JD1", "notifyCustomer": False},
    )
    assert payload["errors"] == []
    assert payload["fulfillment"]["trackingUrl"].endswith("tracking-id=JD1")

    payload = staff_mutate(seller_client, "orderMarkDelivered", id=parcels[0]["id"])
    assert [p["status"] for p in payload["order"]["fulfillments"]] == ["DELIVERED", "SHIPPED"]
    payload = staff_mutate(seller_client, "orderMarkDelivered", id=oid)
    assert [p["status"] for p in payload["order"]["fulfillments"]] == ["DELIVERED", "DELIVERED"]
    assert all(p["deliveredAt"] for p in payload["order"]["fulfillments"])

    payload = staff_mutate(seller_client, "orderNoteAdd", id=oid, message="Left with neighbour")
    assert payload["event"] == {"type": "NOTE_ADDED", "message": "Left with neighbour"}
    assert payload["order"]["events"][-1]["type"] == "NOTE_ADDED"


def test_seller_cancels_an_unshipped_order(seller_client):
    order = placed_order(quantities=(1,))

    payload = staff_mutate(seller_client, "orderCancel", id=order_gid(order), reason="No stock")

    assert payload["errors"] == []
    assert payload["order"]["status"] == "CANCELED"
    assert order.events.get(type="canceled").message == "No stock"


def test_refusals_are_typed_errors_and_change_nothing(seller_client):
    order = placed_order(quantities=(2,))
    oid = order_gid(order)
    [line] = order.lines.all()

    payload = staff_mutate(seller_client, "orderFulfill", id=oid, input=fulfil_input(order, 3))
    assert _errors(payload) == [("lines", "FULFILL_QUANTITY_EXCEEDED")]
    assert payload["errors"][0]["orderLines"] == [line_gid(line)]
    assert payload["order"] is None
    payload = staff_mutate(
        seller_client, "orderFulfill", id=oid, input=fulfil_input(order, 1, carrier="pigeon")
    )
    assert _errors(payload) == [("carrier", "INVALID_CARRIER")]
    payload = staff_mutate(seller_client, "orderMarkDelivered", id=oid)
    assert _errors(payload) == [(None, "INVALID_TRANSITION")]
    payload = staff_mutate(seller_client, "orderNoteAdd", id=oid, message=" ")
    assert _errors(payload) == [("message", "REQUIRED")]
    order.refresh_from_db()
    assert order.status == "unconfirmed"
    assert not Fulfillment.objects.exists()

    staff_mutate(seller_client, "orderFulfill", id=oid, input=fulfil_input(order, 1))
    payload = staff_mutate(seller_client, "orderCancel", id=oid)
    assert _errors(payload) == [(None, "INVALID_TRANSITION")]
    order.refresh_from_db()
    assert order.status == "partially_fulfilled"


def test_ids_that_name_nothing_are_not_found(seller_client):
    order = placed_order(quantities=(1,))
    unknown = to_global_id("Order", "00000000-0000-0000-0000-000000000000")
    assert _errors(staff_mutate(seller_client, "orderConfirm", id=unknown)) == [("id", "NOT_FOUND")]
    assert _errors(staff_mutate(seller_client, "orderConfirm", id="garbage")) == [
        ("id", "NOT_FOUND")
    ]
    bad_line = {"lines": [{"orderLineId": to_global_id("Order", 1), "quantity": 1}]}
    payload = staff_mutate(seller_client, "orderFulfill", id=order_gid(order), input=bad_line)
    assert _errors(payload) == [("lines", "NOT_FOUND")]
    payload = staff_mutate(
        seller_client,
        "orderFulfillmentUpdateTracking",
        id=to_global_id("Fulfillment", 999),
        input={"carrier": "ups", "trackingNumber": "1Z"},
    )
    assert _errors(payload) == [("id", "NOT_FOUND")]


def _snapshot(order):
    order.refresh_from_db()
    return (
        order.status,
        list(order.events.values_list("type", flat=True)),
        list(order.fulfillments.values_list("status", "carrier", "tracking_number")),
        list(order.lines.values_list("quantity_fulfilled", flat=True)),
    )


@pytest.mark.parametrize("who", ["anonymous", "shopper", "owner", "support agent"])
def test_only_sellers_may_run_the_staff_mutations(who):
    order = placed_order(quantities=(2,))
    parcel = order_fulfill(order=order, lines=[(order.lines.get().pk, 1)])
    if who == "owner":
        user = shopper()
        Order.objects.filter(pk=order.pk).update(user=user)
    else:
        user = {"anonymous": None, "shopper": shopper, "support agent": support_agent}[who]
        user = user and user()
    client = logged_in(user)
    oid, pid = order_gid(order), fulfillment_gid(parcel)
    before = _snapshot(order)
    calls = [
        ("orderConfirm", {"id": oid}),
        ("orderCancel", {"id": oid}),
        ("orderFulfill", {"id": oid, "input": fulfil_input(order, 1)}),
        (
            "orderFulfillmentUpdateTracking",
            {"id": pid, "input": {"carrier": "ups", "trackingNumber": "1Z"}},
        ),
        ("orderMarkDelivered", {"id": oid}),
        ("orderMarkDelivered", {"id": pid}),
        ("orderNoteAdd", {"id": oid, "message": "Hello"}),
    ]

    for name, variables in calls:
        payload = staff_mutate(client, name, **variables)
        assert _errors(payload) == [(None, "PERMISSION_DENIED")], name
        assert payload["order"] is None

    assert _snapshot(order) == before


ORDERS_QUERY = """
query($first: Int, $after: String, $filter: OrderFilterInput, $sortBy: OrderSortingInput) {
  orders(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id number status paymentStatus email total { amount }
      lines { id sku quantity quantityFulfilled }
      fulfillments { id number trackingUrl lines { orderLine { id } quantity } }
      events { type } payments { id } summaryUrl invoices { number }
    } }
  }
}
"""


def _orders(client, **variables):
    result = graphql(client, ORDERS_QUERY, variables)
    return result


def _numbers(result) -> list[str]:
    assert "errors" not in result, result["errors"]
    return [edge["node"]["number"] for edge in result["data"]["orders"]["edges"]]


def test_orders_is_for_staff_who_may_view_orders():
    placed_order(quantities=(1,))
    for user in (None, shopper()):
        result = _orders(logged_in(user), first=10)
        assert result["data"]["orders"] is None
        assert "permission" in result["errors"][0]["message"]
    assert len(_numbers(_orders(logged_in(support_agent()), first=10))) == 1


def test_orders_filter_search_and_sort(seller_client):
    first = placed_order(quantities=(1,))
    second = placed_order(quantities=(2,), paid=False)
    third = placed_order(quantities=(1, 1))
    order_confirm(order=third)
    Order.objects.filter(pk=second.pk).update(email="bob@example.org")

    def numbers(**variables):
        return _numbers(_orders(seller_client, first=10, **variables))

    assert numbers() == [third.number, second.number, first.number]
    assert numbers(filter={"status": ["UNFULFILLED"]}) == [third.number]
    assert numbers(filter={"paymentStatus": ["NOT_CHARGED"]}) == [second.number]
    assert numbers(filter={"search": "bob@"}) == [second.number]
    assert numbers(filter={"search": first.number}) == [first.number]
    assert len(numbers(filter={"search": "alice martin"})) == 3
    assert numbers(filter={"search": "nobody"}) == []
    created = Order.objects.get(pk=second.pk).created_at.isoformat()
    assert numbers(filter={"createdGte": created}) == [third.number, second.number]
    assert numbers(filter={"createdLte": created}) == [second.number, first.number]
    assert numbers(sortBy={"field": "NUMBER", "direction": "ASC"}) == [
        first.number,
        second.number,
        third.number,
    ]
    by_total = numbers(sortBy={"field": "TOTAL", "direction": "DESC"})
    assert by_total[-1] == first.number
    result = _orders(seller_client, first=2)
    assert result["data"]["orders"]["totalCount"] == 3
    assert result["data"]["orders"]["pageInfo"]["hasNextPage"] is True


# The session, the user and their permissions (user's, groups'); the count; the page with its
# addresses and invoice; lines, payments, events, parcels, parcel lines.
ORDERS_LIST_QUERIES = 11


@pytest.mark.parametrize("count", [1, 20])
def test_orders_query_count_does_not_grow(seller_client, django_assert_num_queries, count):
    for _ in range(count):
        order = placed_order(quantities=(2, 1))
        order_fulfill(order=order, lines=[(order.lines.first().pk, 1)], carrier="ups")

    with django_assert_num_queries(ORDERS_LIST_QUERIES):
        result = _orders(seller_client, first=20)

    assert len(_numbers(result)) == count
    assert all(edge["node"]["fulfillments"] for edge in result["data"]["orders"]["edges"])


# The session, the user and their permissions (user's, groups'); the order with its addresses;
# lines, payments, events, parcels, parcel lines.
ORDER_WITH_PARCELS_QUERIES = 10


@pytest.mark.parametrize("parcels", [1, 3])
def test_order_query_count_with_parcels_does_not_grow(
    seller_client, django_assert_num_queries, parcels
):
    order = placed_order(quantities=(3, 3))
    for _ in range(parcels):
        order_fulfill(
            order=order, lines=[(line.pk, 1) for line in order.lines.all()], carrier="ups"
        )
    query = (
        "query($id: ID!) { order(id: $id) { id fulfillments { id trackingUrl lines { "
        "orderLine { id quantityFulfilled } quantity } } lines { quantityFulfilled } } }"
    )

    with django_assert_num_queries(ORDER_WITH_PARCELS_QUERIES):
        result = graphql(seller_client, query, {"id": order_gid(order)})

    assert len(result["data"]["order"]["fulfillments"]) == parcels
