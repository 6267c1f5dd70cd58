"""An engine on an in-process simulator whose tasks finish at once, for the bad-input suites."""

from __future__ import annotations

import pytest

from tests.engine.conftest import build_engine
from tests.helpers import in_process_http, make_simulator


@pytest.fixture
async def engine(tmp_path):
    sim = make_simulator(time_scale=5000)
    async with in_process_http(sim) as http:
        built = build_engine(tmp_path, sim, http)
        yield built
        await built.runner.aclose()
        built.store.close()
    await sim.aclose()
