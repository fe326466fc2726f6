"""Property-based API testing with schemathesis against the app's own OpenAPI document (in process, ASGI).

Every generated request must get a documented status code with a body matching the documented schema, and
never a server error; the stored library must survive whatever the generator sends.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from winset.store import Store
from winset.web import create_app

_DB = Path(tempfile.mkdtemp(prefix="winset-st-")) / "st.db"
STORE = Store(f"sqlite:///{_DB}")
APP = create_app(STORE, max_upload=256 * 1024)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi(case):
    # Every other default check runs (server errors, status codes, content types, response schemas, headers,
    # negative data rejection).  positive_data_acceptance is left out on purpose: a scenario's text is a
    # document with its own schema (``winset schema``) that JSON Schema in OpenAPI cannot carry, so a request
    # can match the OpenAPI schema and still be rejected (422, with line and field) -- by design.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_builtins_survive_the_fuzzing():
    # runs after the parametrized test in file order: the seeded scenarios are still intact and valid
    from winset.scenario import loads

    for rec in STORE.scenarios():
        if rec.builtin:
            assert rec.version == 1
            loads(rec.text)
