"""Property-based fuzzing of the whole API from its own OpenAPI document (schemathesis).

Every operation is called with generated valid and invalid input, anonymously and with
a superuser's token holding every scope. Each operation runs in its own transaction
on the throw-away test database, so destructive calls (deleting pages, revoking
anything) are rolled back. The API must never answer 5xx and never give a status its
OpenAPI document does not list. Examples are derandomised so CI is repeatable.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from portal.api import api
from tests.api_tokens import bearer

pytestmark = pytest.mark.django_db

EXAMPLES = 12
CHECKS = [not_a_server_error, status_code_conformance]
OPERATIONS = [
    (path, method.upper())
    for path, item in api.get_openapi_schema(path_prefix="/api/v3/")["paths"].items()
    for method in item
]


@pytest.fixture(scope="session")
def api_schema(django_db_setup, django_db_blocker):
    from portal.wsgi import application

    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/v3/openapi.json", application)


@pytest.fixture
def in_process(db):
    """Like Django's test client: a request must not close the test's connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def fuzz(operation, headers):
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    call()


def test_every_operation_is_fuzzed():
    assert len(OPERATIONS) >= 40
    assert ("/api/v3/pages/", "POST") in OPERATIONS


@pytest.mark.parametrize("path, method", OPERATIONS)
def test_anonymous_requests_are_answered_as_documented(api_schema, in_process, path, method):
    fuzz(api_schema[path][method], headers={})


@pytest.mark.parametrize("path, method", OPERATIONS)
def test_superuser_token_requests_are_answered_as_documented(api_schema, in_process, path, method):
    token = bearer("admin", "read", "write", "publish", "upload")["HTTP_AUTHORIZATION"]
    fuzz(api_schema[path][method], headers={"Authorization": token})
