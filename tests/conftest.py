import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "reports").glob("*.txt"))


@pytest.fixture(scope="session")
def samples():
    return SAMPLES

# Hypothesis profiles. `ci` (the default, and what CI runs) is derandomized: examples come from a
# fixed seed per test and no example database is read or written, so every fresh clone runs the
# same examples and a failure is reproducible, never a random draw. `make fuzz` (HYPOTHESIS_PROFILE=
# fuzz) explores at random with a long budget and keeps what it finds in .hypothesis/; anything it
# finds goes into the suite as an @example or a regression test.
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=1500, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE") or "ci")  # CI never explores
