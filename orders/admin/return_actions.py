"""The staff's actions on a return in the admin (approve, reject, receive, refund, exchange,
close) and the goodwill refund on an order.

Each is a POST view (CSRF-checked by Django) that calls one service of orders.returns, shows a
refusal as an admin message and goes back to the return's (or order's) page. Reject, receive,
refund, exchange and the order refund first show a form. The services decide who may do what:
the decisions need `orders.change_order` (Sellers); a refund `orders.add_refund` (support agents
too, up to their limit, checked by the refund service).
"""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.db import database_id
from core.money import format_money
from orders.admin.order_actions import show_refusal
from orders.models import Order, ReturnRequest
from orders.models.returns import ReturnStatus
from orders.returns.selectors import return_refund_amount
from orders.returns.services import (
    order_refund,
    return_request_approve,
    return_request_close,
    return_request_exchange,
    return_request_receive,
    return_request_refund,
    return_request_reject,
)
from orders.returns.transitions import TRANSITIONS
from shop.models import ProductVariant

CHANGE_PERMISSION = "orders.change_order"
REFUND_PERMISSION = "orders.add_refund"


def return_available_actions(return_request: ReturnRequest) -> set[str]:
    """The buttons the return's state allows (orders.returns.transitions.TRANSITIONS)."""
    allowed = TRANSITIONS[return_request.status]
    actions = set()
    if ReturnStatus.APPROVED in allowed:
        actions.add("approve")
    if ReturnStatus.REJECTED in allowed:
        actions.add("reject")
    if return_request.status == ReturnStatus.APPROVED:
        actions.add("receive")
    if return_request.status == ReturnStatus.RECEIVED:
        actions.add("refund")
        if not return_request.exchange_order_id:
            actions.add("exchange")
    if ReturnStatus.CLOSED in allowed:
        actions.add("close")
    return actions


class RejectForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Message to the customer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why the return is refused; emailed to the customer."),
        required=False,
    )


class ReceiveForm(forms.Form):
    """Per line a "back to stock" checkbox (unticked: damaged, not put back on sale)."""

    def __init__(self, *args, return_request: ReturnRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.return_lines = list(return_request.lines.select_related("order_line"))
        for line in self.return_lines:
            self.fields[f"restock_{line.pk}"] = forms.BooleanField(
                label=_("%(quantity)s × %(product)s (%(sku)s): back to stock")
                % {
                    "quantity": line.quantity,
                    "product": line.order_line.product_name,
                    "sku": line.order_line.sku,
                },
                required=False,
                initial=True,
            )

    def decisions(self) -> dict[int, bool]:
        return {line.pk: self.cleaned_data[f"restock_{line.pk}"] for line in self.return_lines}


class RefundForm(forms.Form):
    include_shipping = forms.BooleanField(
        label=gettext_lazy("Also refund the shipping"), required=False
    )
    # A new key per form shown: a double click (or a replayed POST) refunds once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


class ExchangeForm(forms.Form):
    """Per line a variant of the same product, or none."""

    def __init__(self, *args, return_request: ReturnRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.return_lines = list(return_request.lines.select_related("order_line__variant"))
        product_ids = {
            line.order_line.variant.product_id
            for line in self.return_lines
            if line.order_line.variant
        }
        variants = list(
            ProductVariant.objects.filter(product_id__in=product_ids).order_by("product_id", "pk")
        )
        for line in self.return_lines:
            variant = line.order_line.variant
            choices = [("", "—")] + [
                (each.pk, f"{each.sku} {each.name}".strip() + f" ({each.quantity})")
                for each in variants
                if variant and each.product_id == variant.product_id
            ]
            self.fields[f"variant_{line.pk}"] = forms.TypedChoiceField(
                label=_("%(quantity)s × %(product)s (%(sku)s): replace with")
                % {
                    "quantity": line.quantity,
                    "product": line.order_line.product_name,
                    "sku": line.order_line.sku,
                },
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )

    def replacements(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data[f"variant_{line.pk}"]
            for line in self.return_lines
            if self.cleaned_data.get(f"variant_{line.pk}")
        }


class OrderRefundForm(forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Amount"), max_digits=10, decimal_places=2)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("On the credit note and in the customer's email."),
        max_length=500,
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


def _new_key() -> str:
    return f"admin-{uuid.uuid4()}"


class _ActionsBase:
    def _return_form_page(self, request, *, form, title, back_url, target, preview=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "target": target,
            "back_url": back_url,
            "form": form,
            "title": title,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/orders/returnrequest/action_form.html", context)


class ReturnActionsAdminMixin(_ActionsBase):
    """Adds the action URLs to the ReturnRequest ModelAdmin and tells its template which to
    show."""

    def get_urls(self):
        def route(name):
            return path(
                f"<int:return_id>/{name}/",
                self.admin_site.admin_view(getattr(self, f"{name}_view")),
                name=f"orders_returnrequest_{name}",
            )

        names = ("approve", "reject", "receive", "refund", "exchange", "close")
        return [route(name) for name in names] + super().get_urls()

    def may_decide(self, request) -> bool:
        return request.user.has_perm(CHANGE_PERMISSION)

    def may_refund(self, request) -> bool:
        return request.user.has_perm(REFUND_PERMISSION)

    def _return(self, request, return_id, *, refund=False) -> ReturnRequest:
        if not (self.may_refund(request) if refund else self.may_decide(request)):
            raise PermissionDenied
        return get_object_or_404(ReturnRequest.objects.select_related("order"), pk=return_id)

    def _back(self, return_request) -> HttpResponseRedirect:
        url = reverse("admin:orders_returnrequest_change", args=[return_request.pk])
        return HttpResponseRedirect(url)

    def _run(self, request, return_request, action, success: str):
        try:
            action()
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, success)
        return self._back(return_request)

    def _page(self, request, return_request, form, title, preview=None):
        back = reverse("admin:orders_returnrequest_change", args=[return_request.pk])
        return self._return_form_page(
            request, form=form, title=title, back_url=back, target=return_request, preview=preview
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        found = None
        if database_id(object_id) is not None:
            found = ReturnRequest.objects.filter(pk=object_id).first()
        extra_context = {
            **(extra_context or {}),
            "may_decide": self.may_decide(request),
            "may_refund": self.may_refund(request),
            "actions": return_available_actions(found) if found else set(),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, return_id):
        return_request = self._return(request, return_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            return_request,
            lambda: return_request_approve(return_request=return_request, user=request.user),
            _("The return is approved; the customer is emailed the return slip."),
        )

    def close_view(self, request, return_id):
        return_request = self._return(request, return_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return self._run(
            request,
            return_request,
            lambda: return_request_close(return_request=return_request, user=request.user),
            _("The return is closed."),
        )

    def reject_view(self, request, return_id):
        return_request = self._return(request, return_id)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                return_request_reject(
                    return_request=return_request,
                    message=form.cleaned_data["message"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("The return is refused; the customer is emailed."))
                return self._back(return_request)
        title = _("Refuse return %(number)s") % {"number": return_request.number}
        return self._page(request, return_request, form, title)

    def receive_view(self, request, return_id):
        return_request = self._return(request, return_id)
        form = ReceiveForm(request.POST or None, return_request=return_request)
        if request.method == "POST" and form.is_valid():
            return self._run(
                request,
                return_request,
                lambda: return_request_receive(
                    return_request=return_request, lines=form.decisions(), user=request.user
                ),
                _("The return is received."),
            )
        title = _("Receive return %(number)s") % {"number": return_request.number}
        return self._page(request, return_request, form, title)

    def refund_view(self, request, return_id):
        return_request = self._return(request, return_id, refund=True)
        form = RefundForm(request.POST or None, initial={"idempotency_key": _new_key()})
        if request.method == "POST" and form.is_valid():
            try:
                refund = return_request_refund(
                    return_request=return_request,
                    include_shipping=form.cleaned_data["include_shipping"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("%(amount)s is refunded (%(status)s).")
                    % {
                        "amount": format_money(refund.amount, refund.currency),
                        "status": refund.get_status_display(),
                    },
                )
                return self._back(return_request)
        currency = return_request.order.currency
        preview = [
            (
                _("Without shipping"),
                format_money(return_refund_amount(return_request, False), currency),
            ),
            (
                _("With shipping"),
                format_money(return_refund_amount(return_request, True), currency),
            ),
        ]
        title = _("Refund return %(number)s") % {"number": return_request.number}
        return self._page(request, return_request, form, title, preview=preview)

    def exchange_view(self, request, return_id):
        return_request = self._return(request, return_id)
        form = ExchangeForm(request.POST or None, return_request=return_request)
        if request.method == "POST" and form.is_valid():
            try:
                exchange = return_request_exchange(
                    return_request=return_request,
                    replacements=form.replacements(),
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("Replacement order %(number)s is created.") % {"number": exchange.number},
                )
                return self._back(return_request)
        title = _("Exchange return %(number)s") % {"number": return_request.number}
        return self._page(request, return_request, form, title)


class OrderRefundAdminMixin(_ActionsBase):
    """The goodwill refund on the order's admin page (`orders.add_refund`)."""

    def get_urls(self):
        refund = path(
            "<int:order_id>/refund/",
            self.admin_site.admin_view(self.refund_view),
            name="orders_order_refund",
        )
        return [refund, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_refund": request.user.has_perm(REFUND_PERMISSION),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def refund_view(self, request, order_id):
        if not request.user.has_perm(REFUND_PERMISSION):
            raise PermissionDenied
        order = get_object_or_404(Order, pk=order_id)
        back = reverse("admin:orders_order_change", args=[order.pk])
        form = OrderRefundForm(request.POST or None, initial={"idempotency_key": _new_key()})
        if request.method == "POST" and form.is_valid():
            try:
                refund = order_refund(
                    order=order,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    idempotency_key=form.cleaned_data["idempotency_key"],
                    user=request.user,
                )
            except ValidationError as error:
                show_refusal(request, error)
            else:
                messages.success(
                    request,
                    _("%(amount)s is refunded (%(status)s).")
                    % {
                        "amount": format_money(refund.amount, refund.currency),
                        "status": refund.get_status_display(),
                    },
                )
                return HttpResponseRedirect(back)
        title = _("Refund order %(number)s") % {"number": order.number}
        return self._return_form_page(request, form=form, title=title, back_url=back, target=order)
