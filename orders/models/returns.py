"""Returns (RMA) and refunds: what the customer sends back, and the money that goes back."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.uploads import UploadPath, private_storage

MONEY = {"max_digits": 10, "decimal_places": 2}


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RECEIVED = "received", _("Received")
    REFUNDED = "refunded", _("Refunded")
    CLOSED = "closed", _("Closed")


class ReturnReason(models.TextChoices):
    WRONG_SIZE = "wrong_size", _("Wrong size")
    DAMAGED = "damaged", _("Damaged")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    CHANGED_MIND = "changed_mind", _("Changed my mind")
    OTHER = "other", _("Other")


def _return_photo_path(instance, filename) -> str:
    # Only for migration 0004: photos are named by core.uploads.UploadPath now.
    return UploadPath("returns")(instance, filename)


def _return_slip_path(instance, filename) -> str:
    return f"return-slips/{uuid.uuid4().hex}.pdf"


def _credit_note_path(instance, filename) -> str:
    return f"credit-notes/{uuid.uuid4().hex}.pdf"


class ReturnRequest(models.Model):
    """A customer's request to send back delivered lines of an order."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey("orders.Order", related_name="returns", on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=12, choices=ReturnStatus, default=ReturnStatus.REQUESTED
    )
    comment = models.TextField(_("comment"), blank=True)
    staff_message = models.TextField(_("message to the customer"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    return_slip = models.FileField(_("return slip"), upload_to=_return_slip_path, blank=True)
    exchange_order = models.OneToOneField(
        "orders.Order",
        related_name="exchange_for",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # The sum of the successful refunds of this return, kept by the refund services.
    refunded_amount = models.DecimalField(_("refunded"), default=0, **MONEY)

    class Meta:
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refunded_amount__gte=0), name="return_refunded_gte_0"
            ),
        ]

    def __str__(self):
        return self.number


class ReturnLine(models.Model):
    return_request = models.ForeignKey(
        ReturnRequest, related_name="lines", on_delete=models.CASCADE
    )
    order_line = models.ForeignKey(
        "orders.OrderLine", related_name="return_lines", on_delete=models.PROTECT
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=20, choices=ReturnReason)
    reason_text = models.CharField(_("details"), max_length=500, blank=True)
    # Chosen by staff at receipt: back on sale (True) or not (damaged: False).
    restock = models.BooleanField(_("back to stock"), null=True, blank=True)

    class Meta:
        verbose_name = _("return line")
        verbose_name_plural = _("return lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="return_line_qty_gt_0"),
            models.UniqueConstraint(
                fields=["return_request", "order_line"], name="return_line_unique_order_line"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.order_line_id}"


class ReturnPhoto(models.Model):
    return_request = models.ForeignKey(
        ReturnRequest, related_name="photos", on_delete=models.CASCADE
    )
    # Private: stored with no URL, served by orders.views.returns.return_photo and the returns
    # admin after their access checks. Written only through orders.returns.checks.check_photos.
    image = models.ImageField(_("photo"), upload_to=UploadPath("returns"), storage=private_storage)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class Refund(models.Model):
    """Money given back on an order, for a return or as a goodwill gesture. Its ledger rows
    (PaymentTransaction.refund) say which payments it went through."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        PARTIALLY_FAILED = "partially_failed", _("Partially failed")

    order = models.ForeignKey("orders.Order", related_name="refunds", on_delete=models.PROTECT)
    return_request = models.ForeignKey(
        ReturnRequest, related_name="refunds", on_delete=models.PROTECT, null=True, blank=True
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    shipping_amount = models.DecimalField(_("of which shipping"), default=0, **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    idempotency_key = models.CharField(max_length=120, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    credit_note_number = models.CharField(
        _("credit note"), max_length=20, unique=True, null=True, blank=True
    )
    credit_note = models.FileField(_("credit note PDF"), upload_to=_credit_note_path, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="refund_amount_gt_0"),
            models.CheckConstraint(
                condition=models.Q(shipping_amount__gte=0)
                & models.Q(shipping_amount__lte=models.F("amount")),
                name="refund_shipping_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} {self.amount} {self.status}"
