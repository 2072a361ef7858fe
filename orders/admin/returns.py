"""The returns admin: the staff's list (filters by status, age and reason; search by return
number, order number, email) and a return's page (lines, photos, the order's summary, refunds),
read-only; the actions (orders/admin/return_actions.py) change it through the services.
Also the order page's list of returns."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.file_responses import stored_file_response
from core.money import format_money
from orders.admin.readonly import ReadOnlyAdminMixin, ReadOnlyInline
from orders.admin.return_actions import ReturnActionsAdminMixin
from orders.models import Refund, ReturnLine, ReturnPhoto, ReturnRequest
from orders.models.returns import ReturnReason


class AgeFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("7", _("Past 7 days")),
            ("30", _("Past 30 days")),
            ("older", _("Older than 30 days")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "today":
            start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            return queryset.filter(created_at__gte=start)
        if self.value() in ("7", "30"):
            return queryset.filter(created_at__gte=now - timedelta(days=int(self.value())))
        if self.value() == "older":
            return queryset.filter(created_at__lt=now - timedelta(days=30))
        return queryset


class ReasonFilter(admin.SimpleListFilter):
    title = _("reason")
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return ReturnReason.choices

    def queryset(self, request, queryset):
        if self.value() in ReturnReason.values:
            return queryset.filter(
                pk__in=ReturnLine.objects.filter(reason=self.value()).values("return_request_id")
            )
        return queryset


class ReturnLineInline(ReadOnlyInline):
    model = ReturnLine
    fields = ["product", "sku", "quantity", "reason", "reason_text", "restock"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_line")

    @admin.display(description=_("product"))
    def product(self, line):
        order_line = line.order_line
        return f"{order_line.product_name} {order_line.variant_name}".strip()

    @admin.display(description=_("SKU"))
    def sku(self, line):
        return line.order_line.sku


class ReturnPhotoInline(ReadOnlyInline):
    model = ReturnPhoto
    fields = ["thumbnail", "created_at"]
    readonly_fields = fields

    @admin.display(description=_("photo"))
    def thumbnail(self, photo):
        # The access-checking view (the file is private, it has no media URL).
        url = reverse("admin:orders_returnrequest_photo", args=[photo.return_request_id, photo.pk])
        return format_html(
            '<a href="{0}" target="_blank" rel="noopener"><img src="{0}" alt="" '
            'style="max-width:160px;max-height:160px"></a>',
            url,
        )


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["created_at", "amount", "shipping_amount", "status", "reason", "credit_note_link"]
    readonly_fields = fields

    @admin.display(description=_("credit note"))
    def credit_note_link(self, refund):
        if not refund.credit_note:
            return refund.credit_note_number or "—"
        return format_html('<a href="{}">{}</a>', refund.credit_note.url, refund.credit_note_number)


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReturnActionsAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    change_form_template = "admin/orders/returnrequest/change_form.html"
    list_display = ["number", "order_link", "email", "status", "reasons", "created_at"]
    list_filter = ["status", AgeFilter, ReasonFilter]
    list_select_related = ["order"]
    search_fields = ["number", "order__number", "order__email"]
    search_help_text = _("Return number, order number or email")
    list_per_page = 50

    def get_urls(self):
        photo = path(
            "<int:return_id>/photos/<int:photo_id>/",
            self.admin_site.admin_view(self.photo_view),
            name="orders_returnrequest_photo",
        )
        return [photo, *super().get_urls()]

    def photo_view(self, request, return_id, photo_id):
        """A return photo (a private file) for staff who may view the return."""
        photo = (
            ReturnPhoto.objects.filter(return_request_id=return_id, pk=photo_id)
            .select_related("return_request")
            .first()
        )
        if photo is None or not self.has_view_permission(request, photo.return_request):
            raise Http404
        return stored_file_response(
            photo.image, download_name=f"{photo.return_request.number}-{photo.pk}"
        )

    readonly_fields = [
        "number",
        "status",
        "order_summary",
        "comment",
        "staff_message",
        "created_by",
        "created_at",
        "decided_at",
        "received_at",
        "closed_at",
        "refunded",
        "exchange_order_link",
        "return_slip_link",
    ]
    fields = readonly_fields
    inlines = [ReturnLineInline, ReturnPhotoInline, RefundInline]

    def get_queryset(self, request):
        lines = ReturnLine.objects.only("id", "return_request_id", "reason").order_by("id")
        return (
            super()
            .get_queryset(request)
            .select_related("order", "exchange_order", "created_by")
            .prefetch_related(Prefetch("lines", queryset=lines))
        )

    @admin.display(description=_("order"), ordering="order__number")
    def order_link(self, return_request):
        url = reverse("admin:orders_order_change", args=[return_request.order_id])
        return format_html('<a href="{}">{}</a>', url, return_request.order.number)

    @admin.display(description=_("email"), ordering="order__email")
    def email(self, return_request):
        return return_request.order.email

    @admin.display(description=_("reasons"))
    def reasons(self, return_request):
        labels = dict(ReturnReason.choices)
        found = dict.fromkeys(labels[line.reason] for line in return_request.lines.all())
        return ", ".join(str(label) for label in found)

    @admin.display(description=_("order"))
    def order_summary(self, return_request):
        order = return_request.order
        url = reverse("admin:orders_order_change", args=[order.pk])
        return format_html(
            '<a href="{}">{}</a> · {} · {} · {} · {}',
            url,
            order.number,
            order.email,
            order.get_status_display(),
            order.get_payment_status_display(),
            format_money(order.total, order.currency),
        )

    @admin.display(description=_("refunded"))
    def refunded(self, return_request):
        return format_money(return_request.refunded_amount, return_request.order.currency)

    @admin.display(description=_("replacement order"))
    def exchange_order_link(self, return_request):
        exchange = return_request.exchange_order
        if exchange is None:
            return "—"
        url = reverse("admin:orders_order_change", args=[exchange.pk])
        return format_html('<a href="{}">{}</a>', url, exchange.number)

    @admin.display(description=_("return slip"))
    def return_slip_link(self, return_request):
        if not return_request.return_slip:
            return "—"
        return format_html('<a href="{}">{}</a>', return_request.return_slip.url, _("PDF"))


class OrderReturnInline(ReadOnlyInline):
    """The order's returns, on the order's admin page, each linking to its own page."""

    model = ReturnRequest
    fk_name = "order"
    verbose_name_plural = _("returns")
    fields = ["return_link", "status", "created_at", "refunded_amount"]
    readonly_fields = fields

    @admin.display(description=_("return"))
    def return_link(self, return_request):
        url = reverse("admin:orders_returnrequest_change", args=[return_request.pk])
        return format_html('<a href="{}">{}</a>', url, return_request.number)


class OrderRefundInline(ReadOnlyInline):
    """Every refund of the order (of returns and goodwill)."""

    model = Refund
    fk_name = "order"
    verbose_name_plural = _("refunds")
    fields = ["created_at", "amount", "status", "reason", "return_request", "credit_note_number"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("return_request")
