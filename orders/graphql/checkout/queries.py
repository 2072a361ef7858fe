"""Reading a checkout by its id."""

import graphene

from core.graphql.ids import uuid_from_global_id
from orders.graphql.checkout.types import Checkout, checkout_for_viewer


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(required=True),
        description="A checkout by its id: a guest's for whoever holds the id, a customer's for "
        "that customer. Null otherwise.",
    )

    def resolve_checkout(root, info, id):
        token = uuid_from_global_id(id, "Checkout")
        return None if token is None else checkout_for_viewer(info, token)
