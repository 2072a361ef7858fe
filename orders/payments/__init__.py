"""Payments: the gateway interface and its two implementations (Stripe, offline), the payment
ledger (every money movement is a PaymentTransaction row), refunds booked and sent to the gateway
that took the money, and the payment sums every other part reads.

Owns: base, gateways, offline, stripe_gateway, ledger, refunds, selectors.
May import: orders' bottom modules (models, events, pricing, error_codes, locks, outbox,
selectors), core, customers and shop. Never lifecycle, checkout, returns or anything above:
work that belongs higher (an email) is queued by name through orders.outbox.
"""
