"""Guest orders joining an account: the orders placed without signing in, with the email of an
account, become the account's once that email is verified (customers sits below orders, so the
sign-in, verification and API callers call this right after customers' services)."""

from orders.models import Order


def guest_orders_attach(*, user) -> int:
    """Give the account the guest orders placed with its email, only once the email is
    verified; returns how many."""
    if not user.email_verified:
        return 0
    return Order.objects.filter(user__isnull=True, email__iexact=user.email).update(user=user)
