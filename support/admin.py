"""The back office for support: tickets read-only (they change through the services and the
agents' inbox), canned responses, response targets and tags editable."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orders.admin.readonly import ReadOnlyAdminMixin, ReadOnlyInline
from support.inbound import InboundAction, inbound_email_failure_retry
from support.models import (
    CannedResponse,
    InboundEmailFailure,
    ResponseTarget,
    Tag,
    Ticket,
    TicketEvent,
    TicketMessage,
)


class TicketMessageInline(ReadOnlyInline):
    model = TicketMessage
    fields = ("created_at", "kind", "author_email", "body", "channel")
    readonly_fields = fields


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ("created_at", "type", "user", "message", "data")
    readonly_fields = fields


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "subject",
        "status",
        "priority",
        "category",
        "email",
        "assignee",
        "first_response_due_at",
        "created_at",
        "satisfaction_score",
        "needs_lead_attention",
    )
    list_filter = ("status", "priority", "category", "channel", "needs_lead_attention")
    search_fields = ("number", "subject", "email", "order__number")
    list_select_related = ("assignee",)
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Ticket._meta.concrete_fields] + ["tags"]
    inlines = [TicketMessageInline, TicketEventInline]


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "is_active")
    list_filter = ("is_active", "category")
    search_fields = ("title", "body")
    fieldsets = (
        (
            None,
            {
                "fields": ("title", "body", "category", "is_active"),
                "description": _(
                    "Placeholders: {{ order.number }}, {{ order.status }}, {{ tracking_links }}, "
                    "{{ customer.first_name }}."
                ),
            },
        ),
    )


@admin.register(ResponseTarget)
class ResponseTargetAdmin(admin.ModelAdmin):
    list_display = ("priority", "first_response_minutes", "resolution_minutes")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(InboundEmailFailure)
class InboundEmailFailureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The emails `receive_email` set aside: read-only, with a "retry" once the cause is fixed."""

    list_display = ("received_at", "sender", "subject", "error", "resolved")
    list_filter = ("resolved",)
    search_fields = ("sender", "subject", "error")
    date_hierarchy = "received_at"
    fields = ("received_at", "source", "sender", "subject", "error", "traceback", "resolved")
    readonly_fields = fields + ("message_text",)
    actions = ["retry"]

    def get_fields(self, request, obj=None):
        return self.fields + ("message_text",)

    @admin.display(description=_("raw message"))
    def message_text(self, obj):
        return bytes(obj.raw).decode("utf-8", errors="replace").replace("\x00", "\\x00")

    @admin.action(description=_("Process the selected emails again"), permissions=["view"])
    def retry(self, request, queryset):
        results = [inbound_email_failure_retry(failure=failure) for failure in queryset]
        stored = sum(1 for result in results if result.action != InboundAction.FAILED)
        self.message_user(
            request,
            ngettext(
                "%(stored)d of %(count)d email processed.",
                "%(stored)d of %(count)d emails processed.",
                len(results),
            )
            % {"stored": stored, "count": len(results)},
            messages.SUCCESS if stored == len(results) else messages.WARNING,
        )
