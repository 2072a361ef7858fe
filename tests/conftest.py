import pytest

pytest_plugins = ["tests.localstripe"]


@pytest.fixture(autouse=True)
def _english(settings):
    """Tests read English text unless they switch language on purpose."""
    settings.LANGUAGE_CODE = "en"
