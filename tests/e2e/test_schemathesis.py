"""Property-based API testing with schemathesis against the app's own OpenAPI document (in process, ASGI).

Every generated request must get a documented status code with a body matching the documented schema, and
never a server error; the stored library must survive whatever the generator sends.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance

from winset.scenario import loads
from winset.web import create_app
from winset.web.store import NotFound, Store

HOSTS = ["testserver", "localhost"]
_DB = Path(tempfile.mkdtemp(prefix="winset-st-")) / "st.db"
STORE = Store(f"sqlite:///{_DB}")
APP = create_app(STORE, max_upload=256 * 1024, allowed_hosts=HOSTS)
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi(case):
    # Every other default check runs (server errors, status codes, content types, response schemas, headers,
    # negative data rejection).  positive_data_acceptance is left out on purpose: a scenario's text is a
    # document with its own schema (``winset schema``) that JSON Schema in OpenAPI cannot carry, so a request
    # can match the OpenAPI schema and still be rejected (422, with line and field) -- by design.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


def test_stored_scenarios_survive_the_fuzzing(tmp_path):
    """Fuzz every operation against a library of its own, aimed at the stored scenarios (the generated slugs
    are replaced by real ones, and some PUT bodies by valid edits), then check that nothing stored was lost:
    each scenario is either unchanged or has its previous text kept as a revision, with no version missing."""
    store = Store(f"sqlite:///{tmp_path / 'fuzz.db'}")
    app = create_app(store, max_upload=256 * 1024, allowed_hosts=HOSTS)
    store.create("mine", store.get("panama-canal-1978").text.replace("id: panama-canal-1978", "id: mine", 1))
    before = {r.slug: (r.version, r.text, r.builtin) for r in store.scenarios()}
    assert set(before) == {"anchorage-2025", "panama-canal-1978", "ukraine-2025", "mine"}
    slugs = sorted(before)
    fuzz_schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    statuses: Counter[tuple[str, int]] = Counter()

    @given(case=fuzz_schema.as_strategy(), slug=st.sampled_from(slugs), edit=st.integers(0, 3))
    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def fuzz(case, slug, edit):
        if "slug" in (case.path_parameters or {}):
            case.path_parameters["slug"] = slug
            if case.method == "PUT" and edit == 0:  # now and then a valid edit, which must keep the old text
                try:
                    case.body = {"text": store.get(slug).text.replace("\ntitle: ", "\ntitle: fuzzed ", 1)}
                except NotFound:  # reported below
                    return
        if case.method == "DELETE" and slug == "mine":
            return  # deleting a user's own scenario is allowed by design; this test is about accidental loss
        statuses[(case.method, case.call(timeout=120).status_code)] += 1  # a sweep may take seconds

    fuzz()
    assert sum(statuses.values()) >= 250  # the fuzzing ran
    assert statuses[("PUT", 200)] >= 1 and statuses[("DELETE", 403)] >= 1  # edits saved; built-ins kept
    changed = 0
    for slug, (version, text, builtin) in before.items():
        try:
            rec = store.get(slug)
        except NotFound:
            raise AssertionError(f"{slug} was lost") from None
        loads(rec.text, file=f"{slug}.yaml")
        assert rec.builtin == builtin and rec.version >= version
        assert [r["version"] for r in store.revisions(slug)] == list(range(1, rec.version + 1)), slug
        assert store.revision_text(slug, version) == text, slug  # the text before fuzzing is kept
        if rec.text != text:
            changed += 1
            assert rec.version > version
    assert changed >= 1  # the "changed but kept as a revision" branch was exercised
    store.close()
