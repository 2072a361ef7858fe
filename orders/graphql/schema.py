"""The checkout and orders part of the root schema (config/schema.py gathers every app's)."""

import graphene

from orders.graphql.mutations.details import (
    CheckoutAddPromoCode,
    CheckoutBillingAddressUpdate,
    CheckoutDeliveryMethodUpdate,
    CheckoutEmailUpdate,
    CheckoutRemovePromoCode,
    CheckoutShippingAddressUpdate,
)
from orders.graphql.mutations.lines import (
    CheckoutCreate,
    CheckoutLinesAdd,
    CheckoutLinesDelete,
    CheckoutLinesUpdate,
)
from orders.graphql.mutations.payment import CheckoutComplete, CheckoutPaymentCreate
from orders.graphql.queries import OrdersQueries

__all__ = ["OrdersMutations", "OrdersQueries"]


class OrdersMutations(graphene.ObjectType):
    checkout_create = CheckoutCreate.Field()
    checkout_lines_add = CheckoutLinesAdd.Field()
    checkout_lines_update = CheckoutLinesUpdate.Field()
    checkout_lines_delete = CheckoutLinesDelete.Field()
    checkout_email_update = CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = CheckoutDeliveryMethodUpdate.Field()
    checkout_add_promo_code = CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = CheckoutRemovePromoCode.Field()
    checkout_payment_create = CheckoutPaymentCreate.Field()
    checkout_complete = CheckoutComplete.Field()
