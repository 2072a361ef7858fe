"""Invoices: numbered without gaps per year (core.sequences), generated once and never changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Invoice(models.Model):
    order = models.OneToOneField("orders.Order", related_name="invoice", on_delete=models.PROTECT)
    number = models.CharField(_("number"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    file = models.FileField(_("PDF"), upload_to="invoices/", blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at"]

    def __str__(self):
        return self.number
