from django.urls import path

from orders import views

app_name = "orders"

urlpatterns = [
    path("orders/<uuid:token>/", views.order_detail, name="detail"),
]
