"""The order admin: the order with its lines (and what was shipped), parcels with tracking links,
payments with their ledger, the timeline and the documents, read-only; the seller's actions
(orders/admin/order_actions.py) change it through the services."""

from django.contrib import admin
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orders.admin.event_details import event_details
from orders.admin.order_actions import OrderActionsAdminMixin
from orders.admin.readonly import ReadOnlyAdminMixin, ReadOnlyInline
from orders.admin.return_actions import OrderRefundAdminMixin
from orders.admin.returns import OrderRefundInline, OrderReturnInline
from orders.models import Fulfillment, Invoice, Order, OrderEvent, OrderLine, Payment
from orders.payments.instructions import method_name


def _ledger_table(transactions):
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                t.created_at.strftime("%Y-%m-%d %H:%M"),
                t.get_kind_display(),
                t.get_status_display(),
                t.amount,
                t.currency,
                t.provider_reference,
                t.message,
            )
            for t in transactions
        ),
    )
    if not rows:
        return "—"
    return format_html("<table><tbody>{}</tbody></table>", rows)


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "product_name",
        "variant_name",
        "sku",
        "quantity",
        "quantity_fulfilled",
        "unit_price",
        "vat_rate",
        "total",
    ]
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    """The timeline, oldest first."""

    model = OrderEvent
    verbose_name_plural = _("timeline")
    fields = ["created_at", "type", "message", "details", "user", "customer_visible"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "order")

    @admin.display(description=_("details"))
    def details(self, event):
        return event_details(event, event.order.currency)


class FulfillmentInline(ReadOnlyInline):
    """The parcels, with their tracking link, contents and packing slip."""

    model = Fulfillment
    fields = [
        "number",
        "status",
        "carrier_name",
        "tracking",
        "contents",
        "created_at",
        "delivered_at",
        "packing_slip_link",
        "change_tracking",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines__order_line")

    @admin.display(description=_("carrier"))
    def carrier_name(self, parcel):
        return parcel.carrier_name or "—"

    @admin.display(description=_("tracking number"))
    def tracking(self, parcel):
        if parcel.tracking_url:
            return format_html(
                '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
                parcel.tracking_url,
                parcel.tracking_number,
            )
        return parcel.tracking_number or "—"

    @admin.display(description=_("contents"))
    def contents(self, parcel):
        return format_html_join(
            "", "{} × {}<br>", ((line.quantity, line.order_line.sku) for line in parcel.lines.all())
        )

    @admin.display(description=_("packing slip"))
    def packing_slip_link(self, parcel):
        if not parcel.packing_slip:
            return "—"
        return format_html('<a href="{}">{}</a>', parcel.packing_slip.url, _("PDF"))

    @admin.display(description=_("actions"))
    def change_tracking(self, parcel):
        url = reverse("admin:orders_order_tracking", args=[parcel.order_id, parcel.pk])
        return format_html('<a href="{}">{}</a>', url, _("Update tracking"))


class OrderPaymentInline(ReadOnlyInline):
    model = Payment
    fk_name = "order"
    fields = [
        "gateway",
        "status",
        "amount",
        "captured_amount",
        "refunded_amount",
        "provider_reference",
        "ledger",
    ]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("transactions")

    @admin.display(description=_("ledger"))
    def ledger(self, payment):
        return _ledger_table(payment.transactions.all())


def _address(address):
    if address is None:
        return "—"
    lines = [
        address.full_name,
        address.company_name,
        address.street_address_1,
        address.street_address_2,
        f"{address.postal_code} {address.city}",
        address.country,
        address.phone,
    ]
    return format_html_join("", "{}<br>", ((line,) for line in lines if line))


@admin.register(Order)
class OrderAdmin(
    OrderRefundAdminMixin, OrderActionsAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin
):
    change_form_template = "admin/orders/order/change_form.html"
    list_display = [
        "number",
        "email",
        "customer_name",
        "status",
        "payment_status",
        "gateway",
        "total",
        "created_at",
    ]
    list_filter = ["status", "payment_status", "gateway", "created_at"]
    list_select_related = ["billing_address"]
    search_fields = [
        "number",
        "email",
        "billing_address__first_name",
        "billing_address__last_name",
        "shipping_address__first_name",
        "shipping_address__last_name",
    ]
    search_help_text = _("Order number, email or customer name")
    date_hierarchy = "created_at"
    list_per_page = 50
    readonly_fields = [
        "number",
        "token",
        "email",
        "user",
        "status",
        "payment_status",
        "payment_method",
        "language_code",
        "created_at",
        "updated_at",
        "delivery_address",
        "invoice_address",
        "shipping_method_name",
        "voucher_code",
        "currency",
        "subtotal",
        "discount",
        "shipping_price",
        "vat",
        "total",
        "storefront_link",
        "documents",
        "terms_accepted",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "email",
                    "user",
                    "status",
                    "payment_status",
                    "payment_method",
                    "created_at",
                    "storefront_link",
                    "documents",
                    "terms_accepted",
                ]
            },
        ),
        (
            _("Delivery"),
            {"fields": ["delivery_address", "invoice_address", "shipping_method_name"]},
        ),
        (
            _("Amounts (VAT incl.)"),
            {
                "fields": [
                    "currency",
                    "subtotal",
                    "voucher_code",
                    "discount",
                    "shipping_price",
                    "vat",
                    "total",
                ]
            },
        ),
        (_("Technical"), {"classes": ["collapse"], "fields": ["token", "language_code"]}),
    ]
    inlines = [
        OrderLineInline,
        FulfillmentInline,
        OrderPaymentInline,
        OrderReturnInline,
        OrderRefundInline,
        OrderEventInline,
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "shipping_address", "billing_address")
        )

    def get_object(self, request, object_id, from_field=None):
        order = super().get_object(request, object_id, from_field)
        if order is not None:
            prefetch_related_objects([order], "fulfillments__lines__order_line")
        return order

    @admin.display(description=_("customer"), ordering="billing_address__last_name")
    def customer_name(self, order):
        return order.billing_address.full_name if order.billing_address else "—"

    @admin.display(description=_("documents"))
    def documents(self, order):
        links = []
        invoice = Invoice.objects.filter(order=order).first()
        if invoice is not None and invoice.file:
            links.append((invoice.file.url, _("Invoice %(number)s") % {"number": invoice}))
        for parcel in order.fulfillments.all():
            if parcel.packing_slip:
                label = _("Packing slip, parcel %(number)s") % {"number": parcel.number}
                links.append((parcel.packing_slip.url, label))
        if not links:
            return "—"
        return format_html_join("", '<a href="{}">{}</a><br>', links)

    @admin.display(description=_("payment method"))
    def payment_method(self, order):
        return method_name(order.gateway)

    @admin.display(description=_("terms of sale accepted"))
    def terms_accepted(self, order):
        revision = order.terms_revision
        if revision is None:
            return "—"
        label = _("Revision %(number)s of %(date)s") % {
            "number": revision.number,
            "date": date_format(revision.created_at, "DATE_FORMAT"),
        }
        url = reverse("admin:content_page_change", args=[revision.page_id])
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("delivery address"))
    def delivery_address(self, order):
        return _address(order.shipping_address)

    @admin.display(description=_("billing address"))
    def invoice_address(self, order):
        return _address(order.billing_address)

    @admin.display(description=_("order page"))
    def storefront_link(self, order):
        label = pgettext_lazy("link to a page", "Open")
        return format_html('<a href="{}">{}</a>', order.get_absolute_url(), label)
