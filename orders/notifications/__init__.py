"""The emails to shoppers about their order (`order_emails`), their returns (`return_emails`)
and a declined payment (`payment_emails`), each recorded on the order's timeline. Queued by name
(orders.outbox) and sent by orders.tasks.

May import: documents (an approved return's email carries its slip) and everything below it.
Never tasks, views, admin or graphql.
"""
