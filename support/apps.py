from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self):
        # Register the Celery tasks with the app in every process (web, beat, worker, tests):
        # the beat schedule names support.tasks.auto_solve_tickets.
        from support import (
            faq_admin,  # noqa: F401  (the FAQ's admin, beside support/admin.py)
            tasks,  # noqa: F401
        )
