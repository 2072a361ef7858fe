"""Signal receivers of orders. Sign-in is the one moment every login view shares (the admin's,
the account pages', a test client's), so the cart merge hangs on it; the work is the service's
(orders.checkout.cart)."""

from orders.checkout.cart import cart_merge_on_sign_in


def cart_merge_on_login(sender, request, user, **kwargs):
    cart_merge_on_sign_in(request, user)
