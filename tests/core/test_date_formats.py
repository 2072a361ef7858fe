"""Dates are written as the shop's customers write them: the European way in English for a
shop outside the United States, the French way in French."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import formats, translation

WHEN = datetime.datetime(2026, 12, 4, 15, 30)
TEMPLATE = Template(
    '{{ when|date:"DATE_FORMAT" }}|{{ when|date:"SHORT_DATE_FORMAT" }}|'
    '{{ when|date:"SHORT_DATETIME_FORMAT" }}'
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "4 December 2026|04/12/2026|04/12/2026 15:30"),
        ("fr", "4 décembre 2026|04/12/2026|04/12/2026 15:30"),
    ],
)
def test_dates_follow_the_language_and_the_shop_s_country(language, expected):
    with translation.override(language):
        assert TEMPLATE.render(Context({"when": WHEN})) == expected


@pytest.fixture
def american_shop(settings):
    settings.FORMAT_MODULE_PATH = None
    formats.reset_format_cache()
    yield
    formats.reset_format_cache()


@pytest.mark.usefixtures("american_shop")
def test_a_shop_in_the_united_states_keeps_american_dates():
    with translation.override("en"):
        assert TEMPLATE.render(Context({"when": WHEN})).startswith("Dec. 4, 2026|12/04/2026")
