"""The checkout in GraphQL: its types (Checkout, CheckoutLine, ShippingMethod), `checkout(id)`,
the inputs and typed error (CheckoutError) of the checkout mutations, and the mutations in
`mutations/` (creating a checkout and changing its lines, the shopper's details, paying and
placing the order), each calling a service of orders.checkout.

May import: orders.graphql.orders (the Order and Payment types a payment gives back), the
helpers of orders.graphql, orders' domain packages and bottom modules, core, customers and shop.
Never orders.graphql.returns or documents.
"""
