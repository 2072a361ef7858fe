"""The order lifecycle: one transitions table and the one function that moves an order
(`transitions.order_set_status`), the creation of an order (`create.order_create`, used by
placement and exchanges), confirming, shipping and delivering (`fulfillment`), canceling
(`cancel`) and the periodic clean-up (`housekeeping`).

May import: payments and orders' bottom modules (models, events, pricing, error_codes, locks,
outbox, selectors), core, customers and shop (stock only through shop.stock). Never checkout,
returns or anything above.
"""
