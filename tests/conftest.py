from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "reports").glob("*.txt"))


@pytest.fixture(scope="session")
def samples():
    return SAMPLES
