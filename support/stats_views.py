"""The support statistics page for agents, and its CSV export of the period's tickets."""

import csv
from datetime import date, timedelta
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from support.charts import stacked_bar_chart
from support.models import TicketCategory, TicketStatus
from support.stats import Period, ticket_stats, tickets_for_export

MAX_PERIOD_DAYS = 366
EXPORT_CHUNK = 500


def can_view_support_stats(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("support.view_ticket")


def support_stats_required(view):
    """Anonymous visitors are sent to sign in; signed-in users who are not agents get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_view_support_stats(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# Dates a period may use: the arithmetic on them (a day before, a day after, in any time zone)
# stays within what Python's dates can hold.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(9000, 12, 31)


class PeriodForm(forms.Form):
    # The query string uses from= and to=; "from" is a Python keyword, hence the prefix-less names.
    start = forms.DateField(
        label=pgettext_lazy("period", "From"),
        required=False,
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "To"),
        required=False,
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)],
    )

    def __init__(self, data, **kwargs):
        data = {"start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        default = Period.last_days(30)
        if self.errors:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        end = end or (start + timedelta(days=29) if start else default.end)
        start = start or end - timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("The start date must be before the end date."))
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Choose a period of at most a year."))
        cleaned["period"] = Period(start=start, end=end)
        return cleaned


def _period(request):
    form = PeriodForm(request.GET)
    period = form.cleaned_data["period"] if form.is_valid() else Period.last_days(30)
    return form, period


def _opened_chart(stats):
    days = list(stats.opened_per_day)
    labels = [day.strftime("%d/%m") for day in days]
    series = [
        (str(label), [stats.opened_per_day[day][value] for day in days])
        for value, label in TicketCategory.choices
    ]
    return stacked_bar_chart(
        title=_("Tickets opened per day, by category"),
        description=_("%(count)s tickets from %(start)s to %(end)s")
        % {"count": stats.opened, "start": stats.period.start, "end": stats.period.end},
        labels=labels,
        series=series,
    ), [
        (day, [stats.opened_per_day[day][value] for value in TicketCategory.values]) for day in days
    ]


def _backlog_chart(stats):
    statuses = [(value, str(TicketStatus(value).label)) for value in stats.backlog]
    return stacked_bar_chart(
        title=_("Open tickets by status"),
        labels=[label for _value, label in statuses],
        series=[(_("Tickets"), [stats.backlog[value] for value, _label in statuses])],
        width=420,
        height=240,
    ), [(label, stats.backlog[value]) for value, label in statuses]


@require_GET
@support_stats_required
def support_stats(request):
    form, period = _period(request)
    stats = ticket_stats(period=period)
    opened_svg, opened_rows = _opened_chart(stats)
    backlog_svg, backlog_rows = _backlog_chart(stats)
    return render(
        request,
        "support/stats.html",
        {
            "form": form,
            "stats": stats,
            "period": period,
            "categories": TicketCategory.choices,
            "opened_svg": opened_svg,
            "opened_rows": opened_rows,
            "backlog_svg": backlog_svg,
            "backlog_rows": backlog_rows,
            "median_first_response": duration_display(stats.median_first_response),
            "median_resolution": duration_display(stats.median_resolution),
            "export_query": f"from={period.start.isoformat()}&to={period.end.isoformat()}",
        },
    )


def duration_display(value: timedelta | None) -> str:
    """ "3 d 4 h", "2 h 15 min", "12 min"; "—" when there is nothing to measure."""
    if value is None:
        return "—"
    minutes = round(value.total_seconds() / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


class _Echo:
    def write(self, value):
        return value


def _iso(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


EXPORT_COLUMNS = (
    "number",
    "order_number",
    "category",
    "status",
    "priority",
    "created_at",
    "first_response_at",
    "solved_at",
    "satisfaction_score",
    "tags",
)


def _export_rows(period):
    yield EXPORT_COLUMNS
    for ticket in tickets_for_export(period).iterator(chunk_size=EXPORT_CHUNK):
        yield (
            ticket.number,
            ticket.order.number if ticket.order else "",
            ticket.category,
            ticket.status,
            ticket.priority,
            _iso(ticket.created_at),
            _iso(ticket.first_response_at),
            _iso(ticket.solved_at),
            "" if ticket.satisfaction_score is None else ticket.satisfaction_score,
            ";".join(tag.name for tag in ticket.tags.all()),
        )


@require_GET
@support_stats_required
def support_stats_export(request):
    """One row per ticket opened in the period, streamed; a constant number of queries per
    EXPORT_CHUNK tickets (the tickets with their orders, then their tags)."""
    _form, period = _period(request)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _export_rows(period)), content_type="text/csv"
    )
    filename = f"tickets-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
