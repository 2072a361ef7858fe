"""The GraphQL API of orders, by domain like orders/ itself, gathered by `schema`:

- `orders`: the Order type and what hangs off it (lines, timeline, parcels, payments), how
  orders are loaded for it, `order(id)`, the staff's `orders` list and the seller's lifecycle
  mutations (`orderConfirm`, `orderFulfill`, …). The base the others build on.
- `checkout`: the checkout's types, `checkout(id)` and the checkout mutations.
- `returns`: returns and refunds: their types, `returnRequest(id)`, `returns`, their mutations.
- `documents`: the invoice type, `invoiceRequest` and `orderResendLastEmail`.
- `shared` (helpers of the types) and `lists` (the staff lists' permission, filters, sorting),
  which every sub-package may use.

Dependencies: `checkout` and `returns` build on `orders` and never import each other (checked by
import-linter); `orders` imports neither (its `Order.returns` names the ReturnRequest type by
its path) but uses the invoice type of `documents`, whose mutations in turn use `orders`.
"""
