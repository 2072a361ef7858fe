"""Parcels: which lines and quantities left in which parcel, with the carrier's tracking."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Fulfillment(models.Model):
    """One parcel of an order."""

    class Status(models.TextChoices):
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")

    order = models.ForeignKey("orders.Order", related_name="fulfillments", on_delete=models.CASCADE)
    number = models.PositiveIntegerField(
        _("parcel number"), help_text=_("1, 2, … within the order")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.SHIPPED)
    carrier = models.CharField(_("carrier"), max_length=32, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("shipped"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    packing_slip = models.FileField(_("packing slip"), upload_to="packing-slips/", blank=True)

    class Meta:
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="fulfillment_number_unique")
        ]

    def __str__(self):
        return f"{self.order} #{self.number}"

    @property
    def carrier_name(self) -> str:
        carrier = settings.SHOP_CARRIERS.get(self.carrier)
        return str(carrier["name"]) if carrier else self.carrier

    @property
    def tracking_url(self) -> str:
        """The carrier's tracking page for this parcel (templates in settings.SHOP_CARRIERS)."""
        carrier = settings.SHOP_CARRIERS.get(self.carrier)
        if not carrier or not self.tracking_number:
            return ""
        return carrier["tracking_url"].format(number=self.tracking_number)


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(
        "orders.OrderLine", related_name="fulfillment_lines", on_delete=models.CASCADE
    )
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("parcel line")
        verbose_name_plural = _("parcel lines")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="fulfillment_line_qty_gt_0"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.order_line_id}"
