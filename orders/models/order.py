"""Placed orders: frozen lines and prices, a status, and a timeline of events."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 10, "decimal_places": 2}


class OrderStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")
    UNFULFILLED = "unfulfilled", _("Unfulfilled")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("Partially shipped")
    FULFILLED = "fulfilled", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    PARTIALLY_RETURNED = "partially_returned", _("Partially returned")
    RETURNED = "returned", _("Returned")
    CANCELED = "canceled", _("Canceled")


class PaymentStatus(models.TextChoices):
    NOT_CHARGED = "not_charged", _("Not charged")
    AUTHORIZED = "authorized", _("Authorized")
    PARTIALLY_CHARGED = "partially_charged", _("Partially charged")
    FULLY_CHARGED = "fully_charged", _("Fully charged")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    FULLY_REFUNDED = "fully_refunded", _("Fully refunded")


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # At most one order per checkout, enforced by the database: the browser's return and the
    # payment webhook may both try to place it.
    checkout_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="orders",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    email = models.EmailField(_("email"))
    status = models.CharField(
        _("status"), max_length=24, choices=OrderStatus, default=OrderStatus.UNCONFIRMED
    )
    payment_status = models.CharField(
        _("payment status"), max_length=24, choices=PaymentStatus, default=PaymentStatus.NOT_CHARGED
    )
    shipping_address = models.ForeignKey(
        "customers.Address", related_name="+", on_delete=models.PROTECT, null=True
    )
    billing_address = models.ForeignKey(
        "customers.Address", related_name="+", on_delete=models.PROTECT, null=True
    )
    shipping_method = models.ForeignKey(
        "orders.ShippingMethod", related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    shipping_method_name = models.CharField(_("shipping method"), max_length=120, blank=True)
    voucher_code = models.CharField(_("voucher"), max_length=40, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    discount = models.DecimalField(_("discount"), **MONEY)
    shipping_price = models.DecimalField(_("shipping"), **MONEY)
    vat = models.DecimalField(_("VAT included"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    gateway = models.CharField(_("payment method"), max_length=20)
    language_code = models.CharField(max_length=10, default="en")
    # The revision of the terms of sale the shopper accepted (content.PageRevision; none when
    # the shop had no terms page).
    terms_revision = models.ForeignKey(
        "content.PageRevision",
        verbose_name=_("terms of sale accepted"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("orders:detail", kwargs={"token": self.token})


class OrderLine(models.Model):
    """A line as it was sold: name, SKU, price and VAT copied from the catalog at creation."""

    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "shop.ProductVariant", related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    product_name = models.CharField(_("product"), max_length=200)
    variant_name = models.CharField(_("variant"), max_length=120, blank=True)
    sku = models.CharField(_("SKU"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.DecimalField(_("unit price (VAT incl.)"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    total = models.DecimalField(_("total (VAT incl.)"), **MONEY)
    quantity_fulfilled = models.PositiveIntegerField(_("quantity shipped"), default=0)
    # Received back from returns (stored, grown by return_request_receive).
    quantity_returned = models.PositiveIntegerField(_("quantity returned"), default=0)
    # Copied from Product.is_returnable when the order is placed.
    is_returnable = models.BooleanField(_("returnable"), default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="order_line_qty_gt_0"),
            models.CheckConstraint(
                condition=models.Q(quantity_fulfilled__lte=models.F("quantity")),
                name="order_line_fulfilled_lte_quantity",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_returned__lte=models.F("quantity_fulfilled")),
                name="order_line_returned_lte_fulfilled",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.sku}"

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled


class OrderEvent(models.Model):
    """One entry of an order's timeline. `customer_visible` events show on the shopper's page."""

    class Type(models.TextChoices):
        PLACED = "placed", _("Order placed")
        PAYMENT_CAPTURED = "payment_captured", _("Payment received")
        PAYMENT_FAILED = "payment_failed", _("Payment failed")
        REFUNDED = "refunded", _("Refunded")
        REFUND_FAILED = "refund_failed", _("Refund failed")
        CONFIRMED = "confirmed", _("Order confirmed")
        CANCELED = "canceled", _("Order canceled")
        OUT_OF_STOCK = "out_of_stock", _("Stock ran out")
        # Placed as paid although the catalog or the voucher changed while the payment ran.
        HONOURED_AS_PAID = "honoured_as_paid", _("Honoured as paid")
        NOTE_ADDED = "note_added", _("Note added")
        EMAIL_SENT = "email_sent", _("Email sent")
        EMAIL_FAILED = "email_failed", _("Email failed")
        FULFILLED = "fulfilled", _("Parcel shipped")
        TRACKING_UPDATED = "tracking_updated", _("Tracking updated")
        DELIVERED = "delivered", _("Delivered")
        INVOICE_GENERATED = "invoice_generated", _("Invoice generated")
        STATUS_CHANGED = "status_changed", _("Status changed")
        RETURN_REQUESTED = "return_requested", _("Return requested")
        RETURN_APPROVED = "return_approved", _("Return approved")
        RETURN_REJECTED = "return_rejected", _("Return rejected")
        RETURN_RECEIVED = "return_received", _("Return received")
        RETURN_CLOSED = "return_closed", _("Return closed")
        EXCHANGE_CREATED = "exchange_created", _("Replacement sent")
        CREDIT_NOTE_GENERATED = "credit_note_generated", _("Credit note generated")
        TICKET_OPENED = "ticket_opened", _("Support ticket opened")
        TICKET_ACTION = "ticket_action", _("Action from a support ticket")

    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    type = models.CharField(_("type"), max_length=32, choices=Type)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    message = models.TextField(_("message"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    customer_visible = models.BooleanField(default=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id} {self.type}"
