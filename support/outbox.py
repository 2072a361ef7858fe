"""The names of the support desk's Celery tasks, for core.outbox.task_queue.

support.tasks registers each task under its constant here; the services below it queue the
task by name (`task_queue(TICKET_EMAIL, ticket.pk, "reply", message.pk)`) and never import
the tasks module, which sits on top and imports them.
"""

# Email the customer about their ticket: (ticket_id, kind, message_id=None).
TICKET_EMAIL = "support.tasks.send_ticket_email"
# The hourly beat task that solves the tickets left pending the customer (named again in
# config.settings.base CELERY_BEAT_SCHEDULE, which imports no app).
AUTO_SOLVE_TICKETS = "support.tasks.auto_solve_tickets"
