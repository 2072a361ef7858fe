"""Orders as their viewers read them and as the seller moves them along their lifecycle: the
Order type with its lines (`lines`), timeline, parcels (`fulfillments`) and payments
(`payments`, also the checkout's payment attempts), how a list of orders is loaded with what
those types read, an order's returns included (`loading`), `order(id)` and the staff's `orders`
list (`queries`), and the seller's mutations, which call orders.lifecycle (`mutations`, with
`errors`: OrderError).

May import: orders' domain packages and bottom modules, core, customers, shop and support's
selectors, `documents.types` (the Invoice type of `Order.invoices`) and the helpers of
orders.graphql. Never checkout or returns (both build on this package).
"""
