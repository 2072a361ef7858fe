"""What the fuzz tests share: the settings profile, the generated values, the checks.

Reproducible (`derandomize`), bounded (a few dozen examples a test, no deadline on a shared CI
machine) and without a local example database written into the repository.
"""

from graphql_relay import to_global_id
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    # One database and one client per test, shared by its examples: that is the point here.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Raw Python or database text that must never reach a client.
LEAKS = (
    "Traceback",
    "invalid literal",
    "too large",
    "DataError",
    "IntegrityError",
    "OverflowError",
    "psycopg",
    "violates",
    # PostgreSQL's words for a NUL byte; a bare "NUL" turns up by chance in CSRF tokens.
    "NUL (0x00)",
    "NUL characters",
    "out of range for type",
)

TYPE_NAMES = ("Product", "ProductVariant", "Category", "Checkout", "CheckoutLine", "Order", "User")

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("a\x00é ;'\"<>%_\\"), max_size=20),
    st.builds(
        lambda char, count: char * count,
        st.sampled_from(["a", "\x00", "é", "9"]),
        st.sampled_from([21, 65, 129, 151, 201, 255, 300, 5_000, 20_000]),
    ),
    st.sampled_from(["", " ", "1001", "a@example.com", "9999-12-31", "0001-01-01", "-1", "²"]),
)
# Where columns and drivers overflow.
edge_integers = st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1])
integers = st.one_of(st.integers(min_value=-(2**70), max_value=2**70), edge_integers)
global_ids = st.one_of(
    st.builds(to_global_id, st.sampled_from(TYPE_NAMES), st.one_of(integers.map(str), texts)),
    texts,
)
# Anything JSON can carry, for variables of the wrong type.
wrong_types = st.recursive(
    st.one_of(
        st.none(), st.booleans(), integers, st.floats(allow_nan=False, allow_infinity=False), texts
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


def any_of(strategy):
    """The expected kind of value most of the time, anything else sometimes."""
    return st.one_of(strategy, strategy, strategy, wrong_types)


def assert_no_leak(text: str):
    for leak in LEAKS:
        assert leak not in text, f"{leak!r} reached the client: {text[:500]}"


def payload_errors(data):
    """Every `errors` list of a mutation payload inside a GraphQL `data`."""
    for value in (data or {}).values():
        if isinstance(value, dict) and isinstance(value.get("errors"), list):
            yield from value["errors"]


def assert_safe_graphql_answer(response):
    """HTTP status below 500, a JSON body, no raw exception text, a code on every error."""
    assert response.status_code < 500, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    for error in body.get("errors") or []:
        assert_no_leak(error["message"])
    for error in payload_errors(body.get("data")):
        assert error["code"], error
        assert_no_leak(error["message"])
