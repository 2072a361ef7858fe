"""The payments of an order (`Order.payments`), which are the attempts to pay its checkout
(`checkoutPaymentCreate`): below both, so that the checkout's and the order's types share one."""

import graphene
from django.db.models import Q
from graphene import relay
from graphene_django import DjangoObjectType

from core.db import database_id
from core.graphql.types import Money, MoneyValue
from orders import models
from orders.selectors import checkouts_readable_by, orders_readable_by


class PaymentStatus(graphene.Enum):
    """Where one payment attempt stands."""

    PENDING = models.Payment.Status.PENDING.value
    SUCCEEDED = models.Payment.Status.SUCCEEDED.value
    FAILED = models.Payment.Status.FAILED.value
    CANCELED = models.Payment.Status.CANCELED.value


class Payment(DjangoObjectType):
    """One attempt to pay a checkout through a gateway."""

    gateway = graphene.String(required=True, description="offline or stripe.")
    status = graphene.Field(PaymentStatus, required=True)
    amount = graphene.Field(Money, required=True)
    client_secret = graphene.String(
        description="For Stripe.js: given in checkoutPaymentCreate's payload to the checkout's "
        "holder while the payment is pending and no order exists; null otherwise (through "
        "`node`, an order's payments, and for the offline gateway)."
    )

    class Meta:
        model = models.Payment
        fields = ("id",)
        interfaces = (relay.Node,)

    @classmethod
    def get_node(cls, info, id):
        if database_id(id) is None:
            return None
        # An integer id is no credential: only a viewer who may read the order, or use the
        # checkout, by account. The client secret is never given this way (payment_for_payer).
        user = info.context.user
        readable = Q(order__in=orders_readable_by(user)) | Q(
            order=None, checkout__in=checkouts_readable_by(user)
        )
        return models.Payment.objects.filter(readable, pk=id).first()

    def resolve_amount(root, info):
        return MoneyValue(root.amount, root.currency)

    def resolve_client_secret(root, info):
        if not getattr(root, "shown_to_payer", False):
            return None
        if root.status != models.Payment.Status.PENDING or root.order_id is not None:
            return None
        return root.client_secret or None


def payment_for_payer(payment: models.Payment) -> models.Payment:
    """The payment as shown to whoever may pay it in this request (the checkout's holder, who
    presented its id to checkoutPaymentCreate): only then does `clientSecret` answer."""
    payment.shown_to_payer = True
    return payment
