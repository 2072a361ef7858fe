"""The demo loader run as an operator runs it, for the tests of what it builds."""

from io import StringIO

from django.core.management import call_command


def load_demo(*args: str) -> str:
    """Run `manage.py load_demo_shop` with `args`; return what it printed."""
    out = StringIO()
    call_command("load_demo_shop", *args, stdout=out)
    return out.getvalue()
