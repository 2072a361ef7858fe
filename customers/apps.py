from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        # Here, not at the top: customers.permissions imports django.contrib.auth's models,
        # which cannot be imported before the app registry is ready.
        from customers.permissions import ensure_staff_groups

        # Groups need the permissions that post_migrate creates, so they are set up after it.
        post_migrate.connect(ensure_staff_groups, dispatch_uid="customers.ensure_staff_groups")
