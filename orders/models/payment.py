"""Payments: one row per payment attempt and a ledger of every money movement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 10, "decimal_places": 2}


class Payment(models.Model):
    """One attempt to pay a checkout through a gateway (a Stripe PaymentIntent, say).

    `fingerprint` records what was asked for (lines and total): when the checkout changes, a new
    attempt is made and the old one canceled, so no one is charged for the wrong amount.
    `snapshot` is the checkout as it was priced when the payment started (lines with their unit
    prices and VAT rates, subtotal, discount, shipping, VAT, total, voucher and shipping method;
    orders.checkout.snapshot): once paid, the order is placed from it, whatever changed in the
    catalog or the voucher meanwhile. None for payments started before it was kept.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Canceled")

    checkout = models.ForeignKey(
        "orders.Checkout", related_name="payments", on_delete=models.SET_NULL, null=True, blank=True
    )
    order = models.ForeignKey(
        "orders.Order", related_name="payments", on_delete=models.PROTECT, null=True, blank=True
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    captured_amount = models.DecimalField(_("captured"), default=0, **MONEY)
    refunded_amount = models.DecimalField(_("refunded"), default=0, **MONEY)
    provider_reference = models.CharField(max_length=120, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True)
    fingerprint = models.CharField(max_length=64)
    snapshot = models.JSONField(_("priced checkout"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_amount__lte=models.F("captured_amount")),
                name="payment_refund_at_most_captured",
            ),
        ]

    def __str__(self):
        return f"{self.gateway} {self.provider_reference or self.pk} {self.status}"


class PaymentTransaction(models.Model):
    """The ledger: every authorization, capture, refund, cancellation and failure."""

    class Kind(models.TextChoices):
        AUTHORIZATION = "authorization", _("Authorization")
        CAPTURE = "capture", _("Capture")
        REFUND = "refund", _("Refund")
        CANCEL = "cancel", _("Cancellation")
        FAILURE = "failure", _("Failure")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")

    payment = models.ForeignKey(Payment, related_name="transactions", on_delete=models.PROTECT)
    # The refund (orders.Refund) a refund row belongs to, when it was made through one.
    refund = models.ForeignKey(
        "orders.Refund",
        related_name="transactions",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    status = models.CharField(_("status"), max_length=10, choices=Status)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    provider_reference = models.CharField(max_length=120, blank=True)
    idempotency_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the money really moved, if not when it was recorded: the day a bank transfer was
    # received or cash collected, as staff give it (orders.payments.ledger.order_mark_paid).
    occurred_at = models.DateTimeField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.status}"


class StripeEvent(models.Model):
    """A webhook event, stored by its id so that each is processed once."""

    event_id = models.CharField(max_length=120, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Failed processing attempts (redeliveries, retries from the admin); past
    # STRIPE_WEBHOOK_MAX_ATTEMPTS the webhook stops asking Stripe for more (orders.views.webhooks).
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)

    def __str__(self):
        return f"{self.event_id} {self.type}"
