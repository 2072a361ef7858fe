from django.urls import path

from orders import document_views, views
from orders.webhooks import stripe_webhook

app_name = "orders"

urlpatterns = [
    path("checkout/", views.checkout_details, name="checkout"),
    path("checkout/delivery/", views.checkout_delivery, name="checkout_delivery"),
    path("checkout/<uuid:token>/pay/", views.checkout_pay, name="checkout_pay"),
    path("checkout/<uuid:token>/complete/", views.checkout_return, name="checkout_return"),
    path("orders/lookup/", views.order_lookup, name="lookup"),
    path("orders/<uuid:token>/", views.order_detail, name="detail"),
    path("orders/<uuid:token>/invoice/", document_views.invoice_download, name="invoice"),
    path("webhooks/stripe/", stripe_webhook, name="stripe_webhook"),
]
