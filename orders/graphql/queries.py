"""Reading a checkout or an order by its id."""

import graphene

from core.graphql.ids import uuid_from_global_id
from orders.graphql.order_types import Order, order_for_viewer
from orders.graphql.types import Checkout, checkout_for_viewer


class OrdersQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(required=True),
        description="A checkout by its id: a guest's for whoever holds the id, a customer's for "
        "that customer. Null otherwise.",
    )
    order = graphene.Field(
        Order,
        id=graphene.ID(required=True),
        description="An order by its id: a guest's for whoever holds the id, a customer's for "
        "that customer and for staff who may view orders. Null otherwise.",
    )

    def resolve_checkout(root, info, id):
        token = uuid_from_global_id(id, "Checkout")
        return None if token is None else checkout_for_viewer(info, token)

    def resolve_order(root, info, id):
        token = uuid_from_global_id(id, "Order")
        return None if token is None else order_for_viewer(info, token)
