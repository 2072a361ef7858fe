"""The back office for orders: sellers edit shipping methods and vouchers; payments and their
ledger, checkouts and Stripe events are shown read-only (they change only through the services).
Orders, with the seller's actions, are in `orders` and `order_actions`; returns in `returns` and
`return_actions`.

Sits on top: may import every part of orders and every app; nothing imports it (Django's admin
autodiscovery loads it).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from orders.admin.orders import OrderAdmin  # noqa: F401  (registers the order admin)
from orders.admin.readonly import ReadOnlyAdminMixin, ReadOnlyInline
from orders.admin.returns import ReturnRequestAdmin  # noqa: F401  (registers the returns admin)
from orders.checkout.webhooks import stripe_event_reprocess
from orders.models import (
    Checkout,
    CheckoutLine,
    Payment,
    PaymentTransaction,
    ShippingMethod,
    StripeEvent,
    Voucher,
)

# Shipping methods and vouchers


class ShippingMethodForm(forms.ModelForm):
    countries = forms.MultipleChoiceField(
        label=_("countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every country we deliver to."),
    )

    class Meta:
        model = ShippingMethod
        fields = [
            "name",
            "price",
            "free_above",
            "countries",
            "min_days",
            "max_days",
            "is_active",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].choices = list(settings.SHOP_COUNTRIES.items())


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    form = ShippingMethodForm
    list_display = [
        "name",
        "price",
        "free_above",
        "country_list",
        "delivery",
        "is_active",
        "position",
    ]
    list_editable = ["is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = [
        "name",
        "price",
        "free_above",
        "countries",
        "min_days",
        "max_days",
        "is_active",
        "position",
    ]

    @admin.display(description=_("countries"))
    def country_list(self, method):
        return ", ".join(method.countries) or _("All")

    @admin.display(description=_("delivery"))
    def delivery(self, method):
        return _("%(low)s–%(high)s days") % {"low": method.min_days, "high": method.max_days}


class VoucherForm(forms.ModelForm):
    class Meta:
        model = Voucher
        fields = [
            "code",
            "kind",
            "value",
            "is_active",
            "min_spend",
            "starts_at",
            "ends_at",
            "usage_limit",
            "once_per_customer",
        ]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class VoucherStateFilter(admin.SimpleListFilter):
    title = _("usage")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("used", _("Used at least once")), ("unused", _("Never used"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.filter(used_count__gt=0)
        if self.value() == "unused":
            return queryset.filter(used_count=0)
        return queryset


@admin.register(Voucher)
class VoucherAdmin(admin.ModelAdmin):
    form = VoucherForm
    list_display = [
        "code",
        "kind",
        "value",
        "min_spend",
        "starts_at",
        "ends_at",
        "usage",
        "once_per_customer",
        "is_active",
    ]
    list_filter = ["is_active", "kind", "once_per_customer", VoucherStateFilter, "ends_at"]
    search_fields = ["code"]
    readonly_fields = ["used_count"]
    fieldsets = [
        (None, {"fields": ["code", "kind", "value", "is_active"]}),
        (_("Conditions"), {"fields": ["min_spend", "starts_at", "ends_at"]}),
        (_("Limits"), {"fields": ["usage_limit", "once_per_customer", "used_count"]}),
    ]

    @admin.display(description=_("used"), ordering="used_count")
    def usage(self, voucher):
        if voucher.usage_limit is None:
            return str(voucher.used_count)
        return f"{voucher.used_count} / {voucher.usage_limit}"


# Orders (orders/admin/orders.py registers them), payments and their ledger


class PaymentTransactionInline(ReadOnlyInline):
    model = PaymentTransaction
    fields = [
        "created_at",
        "kind",
        "status",
        "amount",
        "currency",
        "provider_reference",
        "idempotency_key",
        "message",
    ]
    readonly_fields = fields


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "gateway",
        "status",
        "amount",
        "captured_amount",
        "refunded_amount",
        "order",
        "provider_reference",
        "created_at",
    ]
    list_filter = ["gateway", "status", "created_at"]
    list_select_related = ["order"]
    search_fields = ["provider_reference", "order__number", "order__email", "checkout__email"]
    search_help_text = _("Provider reference, order number or email")
    date_hierarchy = "created_at"
    exclude = ["client_secret"]  # lets anyone holding it pay: not for screens
    inlines = [PaymentTransactionInline]


class CheckoutLineInline(ReadOnlyInline):
    model = CheckoutLine
    fields = ["variant", "quantity", "created_at"]
    readonly_fields = fields


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["token", "email", "user", "status", "voucher", "updated_at"]
    list_filter = ["status", "updated_at"]
    list_select_related = ["user", "voucher"]
    search_fields = ["token", "email", "user__email"]
    date_hierarchy = "updated_at"
    inlines = [CheckoutLineInline]


class StripeEventFailedFilter(admin.SimpleListFilter):
    """Events whose processing failed and is not done yet: staff look at them (the log has the
    traceback) and process them again once the cause is fixed."""

    title = _("processing")
    parameter_name = "failed"

    def lookups(self, request, model_admin):
        return [("yes", _("Failed, not processed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(processed_at__isnull=True, attempts__gt=0)
        return queryset


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at", "attempts", "has_error"]
    list_filter = [
        StripeEventFailedFilter,
        "type",
        ("processed_at", admin.EmptyFieldListFilter),
        "received_at",
    ]
    search_fields = ["event_id", "type"]
    date_hierarchy = "received_at"
    actions = ["process_again"]

    @admin.display(description=_("error"), boolean=True)
    def has_error(self, event):
        return bool(event.error)

    def has_reprocess_permission(self, request):
        # Those who may act on orders (Sellers): processing a payment event places an order.
        return request.user.has_perm("orders.change_order")

    @admin.action(description=_("Process again"), permissions=["reprocess"])
    def process_again(self, request, queryset):
        for stored in queryset.filter(processed_at__isnull=True):
            stored = stripe_event_reprocess(stored=stored)
            if stored.processed_at is None:
                messages.error(
                    request,
                    _("Event %(id)s failed again: %(error)s")
                    % {"id": stored.event_id, "error": stored.error},
                )
            else:
                messages.success(request, _("Event %(id)s processed.") % {"id": stored.event_id})
