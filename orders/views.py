from django.shortcuts import get_object_or_404, render

from orders.selectors import order_for_page


def order_detail(request, token):
    """The order page. Its address holds the order's random token, sent to the shopper in the
    confirmation email: holding it is the proof of access (DESIGN.md)."""
    order = get_object_or_404(order_for_page(), token=token)
    return render(request, "orders/order_detail.html", {"order": order})
