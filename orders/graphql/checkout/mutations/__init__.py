"""The checkout mutations: `lines` (checkoutCreate and the lines), `details` (email, addresses,
delivery method, promo code) and `payment` (checkoutPaymentCreate, checkoutComplete), on what
`base` shares (finding the checkout a mutation names, its payload)."""
