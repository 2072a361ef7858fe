"""The seller's order actions in the admin: confirm, ship, update tracking, mark delivered,
cancel, add a note, resend the last email.

Each is a POST view (CSRF-checked by Django) that needs `orders.change_order` (the Sellers
group), calls one service of orders.lifecycle (or orders.notifications), shows a refusal as an
admin message and goes back to the order's page. Ship, tracking and cancel first show a form.
"""

import uuid
from datetime import datetime, time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import database_id
from orders.lifecycle.cancel import order_cancel
from orders.lifecycle.fulfillment import (
    fulfillment_mark_delivered,
    fulfillment_update_tracking,
    order_fulfill,
    order_mark_delivered,
)
from orders.lifecycle.transitions import order_available_actions, order_confirm, order_note_add
from orders.models import Fulfillment, Order
from orders.notifications.order_emails import order_resend_last_email
from orders.payments.ledger import order_mark_paid
from orders.payments.selectors import order_payment_sums

CHANGE_PERMISSION = "orders.change_order"


def carrier_choices():
    return [("", "—")] + [
        (key, str(carrier["name"])) for key, carrier in settings.SHOP_CARRIERS.items()
    ]


class ShipForm(forms.Form):
    """One quantity field per line still to ship, the carrier, its tracking number."""

    carrier = forms.ChoiceField(label=gettext_lazy("Carrier"), required=False)
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=64, required=False
    )
    notify_customer = forms.BooleanField(
        label=gettext_lazy("Email the customer the tracking link"), required=False, initial=True
    )

    def __init__(self, *args, order: Order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = carrier_choices()
        self.order_lines = [line for line in order.lines.all() if line.quantity_unfulfilled]
        for line in self.order_lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=f"{line.product_name} {line.variant_name} ({line.sku})".replace("  ", " "),
                min_value=0,
                initial=line.quantity_unfulfilled,
                help_text=_("%(left)s of %(total)s left to ship")
                % {"left": line.quantity_unfulfilled, "total": line.quantity},
            )
        quantities = [f"line_{line.pk}" for line in self.order_lines]
        self.order_fields([*quantities, "carrier", "tracking_number", "notify_customer"])

    def lines(self) -> list[tuple[int, int]]:
        return [
            (line.pk, self.cleaned_data[f"line_{line.pk}"])
            for line in self.order_lines
            if self.cleaned_data.get(f"line_{line.pk}")
        ]


class TrackingForm(forms.Form):
    carrier = forms.ChoiceField(label=gettext_lazy("Carrier"), required=False)
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=64, required=False
    )
    notify_customer = forms.BooleanField(
        label=gettext_lazy("Email the customer the new tracking link"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier"].choices = carrier_choices()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("On the order's timeline and in the customer's email."),
    )


class MarkPaidForm(forms.Form):
    """Money received by bank transfer or on delivery (orders.payments.ledger.order_mark_paid)."""

    amount = forms.DecimalField(
        label=gettext_lazy("Amount received"), max_digits=12, decimal_places=2, min_value=0.01
    )
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=120,
        help_text=gettext_lazy("The bank transfer's reference, or the receipt number."),
    )
    paid_at = forms.DateField(
        label=gettext_lazy("Received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # One submission books once, however often it is posted.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class NoteForm(forms.Form):
    message = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    customer_visible = forms.BooleanField(
        label=gettext_lazy("Show to the customer"), required=False
    )


def show_refusal(request, error: ValidationError) -> None:
    """A service's refusal as admin error messages (the order and return admin pages)."""
    for message in error.messages:
        messages.error(request, message)


class OrderActionsAdminMixin:
    """Adds the action URLs to an Order ModelAdmin and tells its template which to show."""

    def get_urls(self):
        def route(pattern, function, name):
            return path(pattern, self.admin_site.admin_view(function), name=f"orders_order_{name}")

        urls = [
            route(f"<int:order_id>/{name.replace('_', '-')}/", getattr(self, f"{name}_view"), name)
            for name in (
                "confirm",
                "ship",
                "deliver",
                "cancel",
                "note",
                "resend_email",
                "mark_paid",
            )
        ]
        parcel = "<int:order_id>/parcels/<int:fulfillment_id>"
        urls += [
            route(f"{parcel}/tracking/", self.tracking_view, "tracking"),
            route(f"{parcel}/deliver/", self.parcel_deliver_view, "parcel_deliver"),
        ]
        return urls + super().get_urls()

    def may_act(self, request) -> bool:
        return request.user.has_perm(CHANGE_PERMISSION)

    def _order(self, request, order_id) -> Order:
        if not self.may_act(request):
            raise PermissionDenied
        return get_object_or_404(Order, pk=order_id)

    def _back(self, order) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))

    def _run(self, request, order, action, success: str):
        """Call the service; a refusal becomes an error message. Always back to the order."""
        try:
            action()
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, success)
        return self._back(order)

    def _form_page(self, request, order, form, title, *, parcel=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "order": order,
            "parcel": parcel,
            "form": form,
            "title": title,
        }
        return TemplateResponse(request, "admin/orders/order/action_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        order = (
            Order.objects.filter(pk=object_id).first()
            if database_id(object_id) is not None
            else None
        )
        extra_context = {
            **(extra_context or {}),
            "may_act": self.may_act(request),
            "actions": order_available_actions(order) if order else set(),
            "note_form": NoteForm(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def confirm_view(self, request, order_id):
        order = self._order(request, order_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            order,
            lambda: order_confirm(order=order, user=request.user),
            _("The order is confirmed."),
        )

    def ship_view(self, request, order_id):
        order = self._order(request, order_id)
        form = ShipForm(request.POST or None, order=order)
        if request.method == "POST" and form.is_valid():
            try:
                parcel = order_fulfill(
                    order=order,
                    lines=form.lines(),
                    carrier=form.cleaned_data["carrier"],
                    tracking_number=form.cleaned_data["tracking_number"],
                    notify_customer=form.cleaned_data["notify_customer"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request, _("Parcel %(number)s is shipped.") % {"number": parcel.number}
                )
                return self._back(order)
        return self._form_page(request, order, form, _("Ship order %(number)s") % {"number": order})

    def _parcel(self, request, order_id, fulfillment_id) -> tuple[Order, Fulfillment]:
        order = self._order(request, order_id)
        return order, get_object_or_404(Fulfillment, pk=fulfillment_id, order=order)

    def tracking_view(self, request, order_id, fulfillment_id):
        order, parcel = self._parcel(request, order_id, fulfillment_id)
        initial = {"carrier": parcel.carrier, "tracking_number": parcel.tracking_number}
        form = TrackingForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                fulfillment_update_tracking(
                    fulfillment=parcel,
                    carrier=form.cleaned_data["carrier"],
                    tracking_number=form.cleaned_data["tracking_number"],
                    notify=form.cleaned_data["notify_customer"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("The tracking is updated."))
                return self._back(order)
        title = _("Tracking of parcel %(number)s") % {"number": parcel.number}
        return self._form_page(request, order, form, title, parcel=parcel)

    def deliver_view(self, request, order_id):
        order = self._order(request, order_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            order,
            lambda: order_mark_delivered(order=order, user=request.user),
            _("Every shipped parcel is marked delivered."),
        )

    def parcel_deliver_view(self, request, order_id, fulfillment_id):
        order, parcel = self._parcel(request, order_id, fulfillment_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            order,
            lambda: fulfillment_mark_delivered(fulfillment=parcel, user=request.user),
            _("Parcel %(number)s is marked delivered.") % {"number": parcel.number},
        )

    def cancel_view(self, request, order_id):
        order = self._order(request, order_id)
        form = CancelForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._run(
                request,
                order,
                lambda: order_cancel(
                    order=order, user=request.user, reason=form.cleaned_data["reason"]
                ),
                _("The order is canceled."),
            )
        return self._form_page(
            request, order, form, _("Cancel order %(number)s") % {"number": order}
        )

    def mark_paid_view(self, request, order_id):
        order = self._order(request, order_id)
        left = order.total - order_payment_sums(order, from_database=True).captured
        form = MarkPaidForm(
            request.POST or None,
            initial={
                "amount": left,
                "paid_at": timezone.localdate(),
                "idempotency_key": uuid.uuid4().hex,
            },
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            paid_at = timezone.make_aware(datetime.combine(data["paid_at"], time(12)))
            try:
                order_mark_paid(
                    order=order,
                    amount=data["amount"],
                    reference=data["reference"],
                    paid_at=paid_at,
                    user=request.user,
                    idempotency_key=data["idempotency_key"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    show_refusal(request, error)
                    return self._back(order)
            else:
                messages.success(request, _("The payment is recorded."))
                return self._back(order)
        return self._form_page(
            request, order, form, _("Mark order %(number)s as paid") % {"number": order}
        )

    def note_view(self, request, order_id):
        order = self._order(request, order_id)
        form = NoteForm(request.POST or None)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not form.is_valid():
            messages.error(request, _("Write a note."))
            return self._back(order)
        return self._run(
            request,
            order,
            lambda: order_note_add(
                order=order,
                message=form.cleaned_data["message"],
                customer_visible=form.cleaned_data["customer_visible"],
                user=request.user,
            ),
            _("The note is added."),
        )

    def resend_email_view(self, request, order_id):
        order = self._order(request, order_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            order,
            lambda: order_resend_last_email(order=order, user=request.user),
            _("The last email is sent again."),
        )
