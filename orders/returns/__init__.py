"""Returns and refunds: the returns' transitions table and `return_set_status`
(`transitions`), the services staff, shoppers and agents call (`services`), the checks of a
return request (`checks`), what may be returned or refunded (`selectors`), refunds of an order
split over its payments and settled (`refunds`), and replacements as follow-up orders
(`exchanges`).

May import: lifecycle, payments and orders' bottom modules, core, customers and shop (stock only
through shop.stock). Never checkout, documents, notifications or anything above.
"""
