"""Checkout: the cart (`cart`, the session glue), the checkout services and one totals function
(`services`), vouchers, stock holds and their limits, paying (`payment`: start and complete),
what a payment pays for (`snapshot`: the checkout priced when it started), placing the order
once paid (`placement`, from that snapshot), the Stripe webhook events (`webhooks`), and the
multi-step checkout pages' flow (`flow`).

May import: lifecycle, payments and orders' bottom modules, core, customers and shop. Never
returns (checkout and returns are independent), documents, notifications or anything above.
"""
