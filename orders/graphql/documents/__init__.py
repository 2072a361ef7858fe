"""The order's follow-up in GraphQL: the Invoice type (`types`, read by Order.invoices), and
`invoiceRequest` and `orderResendLastEmail` (`mutations`), which call orders.documents and
orders.notifications.

May import: orders.graphql.orders in `mutations` only (`types` is below it), the helpers of
orders.graphql, orders' domain packages and bottom modules, and core. Never
orders.graphql.checkout or returns.
"""
