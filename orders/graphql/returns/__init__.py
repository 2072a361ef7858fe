"""Returns and refunds in GraphQL: their types (ReturnRequest, ReturnLine, Refund) and how a list
of returns is loaded (`types`), `returnRequest(id)` and the staff's `returns` list (`queries`),
and the mutations of the customer, the seller and support agents (`mutations`, with `errors`:
ReturnError), each calling a service of orders.returns.

May import: orders.graphql.orders (the Order and OrderLine types, how an order's returns are
loaded, OrderError and the order look-ups of the mutations), the helpers of orders.graphql,
orders' domain packages and bottom modules, core, customers and shop. Never
orders.graphql.checkout or documents.
"""
