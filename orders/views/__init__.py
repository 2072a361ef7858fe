"""The storefront pages of orders: cart, checkout, order pages and guest lookup, documents,
returns, and the Stripe webhook endpoint. Thin: each view calls a service or a selector.

Sits on top: may import every part of orders and every app; nothing in orders imports it but
orders.urls.
"""
