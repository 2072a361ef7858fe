"""The checkout (the shopper's cart until it is paid), shipping methods and vouchers."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 10, "decimal_places": 2}


class ShippingMethod(models.Model):
    name = models.CharField(_("name"), max_length=120)
    price = models.DecimalField(_("price (VAT incl.)"), validators=[MinValueValidator(0)], **MONEY)
    free_above = models.DecimalField(
        _("free above"),
        null=True,
        blank=True,
        help_text=_("Free when the goods, after discount, cost at least this much."),
        **MONEY,
    )
    countries = models.JSONField(
        _("countries"),
        default=list,
        blank=True,
        help_text=_('ISO codes such as ["FR", "BE"]; empty means every country we deliver to.'),
    )
    min_days = models.PositiveSmallIntegerField(_("delivery from (days)"), default=2)
    max_days = models.PositiveSmallIntegerField(_("delivery up to (days)"), default=4)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("shipping method")
        verbose_name_plural = _("shipping methods")
        ordering = ["position", "price", "id"]

    def __str__(self):
        return self.name

    def ships_to(self, country: str) -> bool:
        return not self.countries or country in self.countries

    def price_for(self, goods_total: Decimal) -> Decimal:
        if self.free_above is not None and goods_total >= self.free_above:
            return Decimal("0.00")
        return self.price


class Voucher(models.Model):
    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage off the goods")
        FIXED = "fixed", _("Fixed amount off the goods")

    code = models.CharField(_("code"), max_length=40, unique=True, help_text=_("Upper case."))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.PERCENTAGE)
    value = models.DecimalField(_("value"), validators=[MinValueValidator(0)], **MONEY)
    min_spend = models.DecimalField(_("minimum spend"), null=True, blank=True, **MONEY)
    starts_at = models.DateTimeField(_("valid from"), null=True, blank=True)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    usage_limit = models.PositiveIntegerField(_("total usage limit"), null=True, blank=True)
    used_count = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    once_per_customer = models.BooleanField(_("once per customer"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="percentage") | models.Q(value__lte=100),
                name="voucher_percentage_at_most_100",
            ),
        ]

    def __str__(self):
        return self.code


class VoucherUsage(models.Model):
    """One use of a voucher by an order; counts `once per customer` by email."""

    voucher = models.ForeignKey(Voucher, related_name="usages", on_delete=models.CASCADE)
    email = models.EmailField()
    order = models.OneToOneField(
        "orders.Order", related_name="voucher_usage", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["voucher", "email"], name="voucher_usage_email")]

    def __str__(self):
        return f"{self.voucher_id} by {self.email}"


class Checkout(models.Model):
    """A shopper's cart and everything needed to turn it into an order.

    The token is the checkout's public id (the GraphQL id encodes it): holding it is the guest's
    proof of access. Once an order exists for it, the checkout is `completed` and kept, so that a
    replayed `checkoutComplete` or a late webhook finds the order again.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COMPLETED = "completed", _("Completed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="checkouts",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    email = models.EmailField(_("email"), blank=True)
    shipping_address = models.ForeignKey(
        "customers.Address", related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    billing_address = models.ForeignKey(
        "customers.Address", related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    shipping_method = models.ForeignKey(
        ShippingMethod, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
    voucher = models.ForeignKey(
        Voucher, related_name="+", on_delete=models.SET_NULL, null=True, blank=True
    )
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
    # When the checkout's current stock hold began: renewals never extend it past
    # SHOP_RESERVATION_MAX_MINUTES from here (orders.checkout.stock_holds).
    stock_held_since = models.DateTimeField(_("stock held since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="open"),
                name="checkout_one_open_per_user",
            ),
        ]

    def __str__(self):
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "shop.ProductVariant", related_name="checkout_lines", on_delete=models.CASCADE
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checkout", "variant"], name="checkout_line_unique"),
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="checkout_line_qty_gt_0"
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.variant_id}"
