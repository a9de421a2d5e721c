"""schemathesis against the running API: every operation of its OpenAPI schema, fuzzed.

A real uvicorn server on loopback serves the session's seeds store (read-only); schemathesis
loads the schema from the server and sends what the schema allows and what it forbids. No
response may be a 5xx, and every response must match the schema (status codes, content types,
bodies). Examples are few per operation, to keep the suite fast.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import BaseSchema, Case, GenerationMode

from sitrep import query, stages
from sitrep.api import create_app
from sitrep.store import open_store

EXAMPLES = 40  # per generation mode, over every operation


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def api_server(seeds_analysed) -> Iterator[str]:
    store = open_store(seeds_analysed.path, create=False)
    port = _free_port()
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def api_schema(api_server: str) -> BaseSchema:
    return schemathesis.openapi.from_url(f"{api_server}/api/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_every_api_operation_conforms_to_its_schema(api_schema: BaseSchema, mode: GenerationMode) -> None:
    """Positive cases (what the schema allows) and negative ones (what it forbids), every operation."""
    statuses: Counter[int] = Counter()

    @given(case=api_schema.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Case) -> None:
        response = case.call()
        statuses[response.status_code] += 1
        assert response.status_code < 500, (case.path, case.query, response.status_code, response.text[:500])
        case.validate_response(response)

    check()
    assert sum(statuses.values()) >= EXAMPLES // 2 and not any(code >= 500 for code in statuses)


TABLES = ["articles", *stages.tables()]


@st.composite
def filtered_requests(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    """A table and arbitrary values for its filters (the schema names only the paging ones)."""
    table = draw(st.sampled_from(TABLES))
    names = st.sampled_from([*query.filters_of(table), "limit", "offset", "nonsense"])
    values = st.text(max_size=40) | st.sampled_from(["2025-03-11", "0", "-1", "%", "'", "\\", "2025-13-45"])
    return table, draw(st.dictionaries(names, values, max_size=4))


@given(call=filtered_requests())
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_any_filter_value_gets_rows_or_a_documented_refusal(api_server: str, call: tuple) -> None:
    table, params = call
    response = httpx.get(f"{api_server}/api/{table}", params=params, timeout=30)
    assert response.status_code in (200, 422), (table, params, response.status_code, response.text[:300])
    body = response.json()
    if response.status_code == 200:
        assert body["table"] == table and body["total"] >= len(body["rows"])
    else:
        assert body["detail"]
