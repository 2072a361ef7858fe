"""Calls of the staff order mutations through /graphql/, shared by their tests."""

from graphql_relay import to_global_id

from tests.api import graphql

ORDER_ERRORS = "errors { field code message orderLines }"
STAFF_ORDER_FIELDS = """
  id number status paymentStatus
  lines { id sku quantity quantityFulfilled }
  fulfillments {
    id number status carrier carrierName trackingNumber trackingUrl deliveredAt
    lines { orderLine { id } quantity }
  }
  events { type message }
"""
ORDER = f"order {{ {STAFF_ORDER_FIELDS} }}"
FULFILLMENT = "fulfillment { id number carrier trackingNumber trackingUrl }"

MUTATIONS = {
    "orderConfirm": ("($id: ID!)", "id: $id", ORDER),
    "orderCancel": ("($id: ID!, $reason: String)", "id: $id, reason: $reason", ORDER),
    "orderFulfill": (
        "($id: ID!, $input: OrderFulfillInput!)",
        "id: $id, input: $input",
        f"{ORDER} {FULFILLMENT}",
    ),
    "orderFulfillmentUpdateTracking": (
        "($id: ID!, $input: FulfillmentTrackingInput!)",
        "id: $id, input: $input",
        f"{ORDER} {FULFILLMENT}",
    ),
    "orderMarkDelivered": ("($id: ID!)", "id: $id", ORDER),
    "orderNoteAdd": (
        "($id: ID!, $message: String!)",
        "id: $id, message: $message",
        f"{ORDER} event {{ type message }}",
    ),
}


def order_gid(order) -> str:
    return to_global_id("Order", str(order.token))


def line_gid(line) -> str:
    return to_global_id("OrderLine", line.pk)


def fulfillment_gid(parcel) -> str:
    return to_global_id("Fulfillment", parcel.pk)


def staff_mutate(client, name: str, **variables) -> dict:
    declared, arguments, fields = MUTATIONS[name]
    query = f"mutation{declared} {{ {name}({arguments}) {{ {fields} {ORDER_ERRORS} }} }}"
    result = graphql(client, query, variables)
    assert "errors" not in result, result["errors"]
    return result["data"][name]


def fulfil_input(order, *quantities, carrier="colissimo", tracking="6A123", notify=False):
    lines = [
        {"orderLineId": line_gid(line), "quantity": quantity}
        for line, quantity in zip(order.lines.order_by("pk"), quantities, strict=True)
        if quantity
    ]
    return {
        "lines": lines,
        "carrier": carrier,
        "trackingNumber": tracking,
        "notifyCustomer": notify,
    }
