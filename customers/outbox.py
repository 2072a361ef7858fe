"""The names of the customers app's Celery tasks, for core.outbox.task_queue.

customers.tasks registers each task under its constant here; the account services queue the
task by name (`task_queue(VERIFICATION_EMAIL, user.pk)`) and never import the tasks module,
which sits on top with the views.
"""

# The email with the link that verifies the address: (user_id).
VERIFICATION_EMAIL = "customers.tasks.send_verification_email"
# "You already have an account": (user_id).
ACCOUNT_EXISTS_EMAIL = "customers.tasks.send_account_exists_email"
# The hourly beat task that forgets old rate-limit hits (named again in config.settings.base
# CELERY_BEAT_SCHEDULE, which imports no app).
PURGE_RATE_LIMIT_HITS = "customers.tasks.purge_rate_limit_hits"
