"""The task outbox: a service queues Celery work by the task's name, after its transaction commits.

A service in a lower layer (a payment booked, a return received) often has to trigger work that
lives higher up (an email, a PDF). Importing the task module would point the dependencies the
wrong way (every tasks module imports the services it runs), so the service names the task
instead: `task_queue(ORDER_EMAIL, order.pk, "placed")`. Each app keeps the names of its tasks
as constants (`orders.outbox`, `support.outbox`) and its tasks module registers each task under
that constant, so a name and its task cannot drift apart.

The task runs only once the surrounding transaction commits (at once outside a transaction), so
it never reads data that is not there yet, and nothing is queued for a transaction that rolls
back. With CELERY_TASK_ALWAYS_EAGER (`make run`, the tests) the task runs in this process at
commit, as `.delay()` would.
"""

from celery import current_app
from django.db import transaction


def task_get(name: str):
    """The registered task called `name`. In a web process the tasks modules are imported on
    first use (Celery's autodiscovery imports them when a worker starts, not before)."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    try:
        return current_app.tasks[name]
    except KeyError:
        raise LookupError(f"No Celery task is registered as {name!r}.") from None


def task_queue(name: str, *args, **kwargs) -> None:
    """Queue the task `name` with these arguments once the current transaction commits."""
    task = task_get(name)
    transaction.on_commit(lambda: task.delay(*args, **kwargs))
