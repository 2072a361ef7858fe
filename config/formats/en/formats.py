"""English dates as a European shop writes them: 4 December 2026, 04/12/2026, 24-hour clock.
Used unless the shop is in the United States (see FORMAT_MODULE_PATH in config.settings);
French uses Django's own French formats (4 décembre 2026, 04/12/2026)."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
