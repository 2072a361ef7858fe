"""The shopper's order page and the guest's order look-up page.

The order page's address holds the order's random token, sent in the confirmation email. A
guest's order opens for whoever holds the link; an order of an account opens for that customer
(signed in) and for staff allowed to view orders (orders.selectors.can_view_order). Everyone
else gets the same "not found" as for a token that does not exist, with a sign-in link in case
the order is theirs.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core.http import client_ip
from customers.error_codes import OrderLookupErrorCode
from customers.forms import OrderLookupForm
from customers.order_lookup import order_lookup as order_lookup_service
from orders.documents.invoices import order_invoice_available
from orders.models.order import OrderStatus
from orders.payments.instructions import method_name, payment_instructions
from orders.payments.selectors import order_payment_sums
from orders.selectors import guest_order_for_lookup, order_page_for_user
from orders.views.returns import order_returns_context


@require_GET
def order_detail(request, token):
    order = order_page_for_user(token=token, user=request.user)
    if order is None:
        return render(request, "orders/order_not_found.html", status=404)
    invoice_available = order_invoice_available(order)
    context = {
        "order": order,
        "instructions": payment_instructions(order, captured=order_payment_sums(order).captured),
        "payment_method": method_name(order.gateway),
        "parcels": list(order.fulfillments.all()),
        "invoice_available": invoice_available,
        # Until then: the order summary (not an invoice) and when the invoice comes.
        "invoice_pending": not invoice_available and order.status != OrderStatus.CANCELED,
        **order_returns_context(order),
    }
    return render(request, "orders/order_detail.html", context)


@require_http_methods(["GET", "POST"])
def order_lookup(request):
    """Number and email → the order page. The same message for a wrong number and a wrong
    email; failures are rate limited per IP and per number (customers.order_lookup)."""
    form = OrderLookupForm(request.POST or None, label_suffix="")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            order = order_lookup_service(
                number=form.cleaned_data["number"],
                email=form.cleaned_data["email"],
                ip=client_ip(request),
                find=guest_order_for_lookup,
            )
        except ValidationError as error:
            form.add_service_error(error)
            status = 429 if error.code == OrderLookupErrorCode.RATE_LIMITED.value else 200
        else:
            return redirect(order)
    return render(request, "orders/order_lookup.html", {"form": form}, status=status)
