"""Content pages written by staff: the terms of sale, the legal notice, the privacy policy,
shipping and returns. Markdown sanitised on save, in English and French, a revision kept on
every change, drafts previewed by staff, an optional publication date honoured when read.

Sits just above core: it imports no other app. Orders point at the revision of the terms of
sale a shopper accepted (orders.Order.terms_revision)."""
