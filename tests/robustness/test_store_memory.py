"""The embedded server's memory is capped (issue 16): a query that would take the machine fails.

``UNWIND range(1, 100000000)`` once took the server to 3.3 GB. The server now runs with
``maxmemory`` (``KG_STORE_MEMORY_MB``, default 4096, no eviction) and one query may use half.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import StoreError
from loaders.embedded import store_memory_bytes

ROOT = Path(__file__).resolve().parents[2]


def _kg(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_STORE_MEMORY_MB": "128", "KG_QUERY_TIMEOUT": "0"}
    return subprocess.run([sys.executable, "-m", "kg.cli.main", "query", "--store", str(store), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_a_query_beyond_its_share_of_memory_fails_with_a_message(tmp_path: Path) -> None:
    store = tmp_path / ".kg"
    assert _kg(store, "--write", "CREATE (:Probe {n: 1})").returncode == 0
    big = _kg(store, "UNWIND range(1, 30000000) AS x WITH collect(x) AS xs RETURN size(xs) AS n")
    assert big.returncode != 0 and "exceeded capacity" in big.stderr, big.stderr
    small = _kg(store, "--json", "UNWIND range(1, 1000) AS x RETURN count(x) AS n")
    assert small.returncode == 0 and '"n": 1000' in small.stdout  # the server is still there


def test_the_cap_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_MEMORY_MB", "256")
    assert store_memory_bytes() == 256 * 1024 * 1024
    monkeypatch.setenv("KG_STORE_MEMORY_MB", "lots")
    with pytest.raises(StoreError, match="KG_STORE_MEMORY_MB"):
        store_memory_bytes()
