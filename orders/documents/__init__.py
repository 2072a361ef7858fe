"""Documents, rendered to PDF with WeasyPrint from templates/pdf/ (which share pdf/base.html):
the invoice (`invoices`, issued when the order becomes fully paid), the order summary of an
order not invoiced yet (`order_summaries`, not an invoice, never numbered), packing slips,
return slips and credit notes, numbered without gaps (core.sequences) where the law wants a
number, made once and stored.

May import: checkout, returns, lifecycle, payments and orders' bottom modules. Never
notifications, tasks, views, admin or graphql.
"""
