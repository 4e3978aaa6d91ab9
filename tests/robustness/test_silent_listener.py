"""A FalkorDB address where something accepts and never answers is a clear error, not a hang (issue 16).

A wrong port or a hung server used to hold ``kg stats --uri falkor://…`` forever: the client had
no socket timeout. kg now pings such a server first, within ``KG_CONNECT_TIMEOUT``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from kg.errors import StoreUnavailableError
from loaders.falkordb import FalkorDBStore


@pytest.fixture
def silent_port() -> Iterator[int]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # the kernel accepts connections; nothing ever reads or answers them
    yield listener.getsockname()[1]
    listener.close()


def test_a_listener_that_never_answers_is_named_with_the_wait(silent_port: int,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_CONNECT_TIMEOUT", "1")
    store = FalkorDBStore(host="127.0.0.1", port=silent_port)
    with pytest.raises(StoreUnavailableError, match=r"no answer within 1 s.*KG_CONNECT_TIMEOUT"):
        store.stats()
    store.close()


def test_a_closed_port_is_a_connection_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]  # bound, never listening: connections are refused
        store = FalkorDBStore(host="127.0.0.1", port=port)
        with pytest.raises(StoreUnavailableError, match="connection failed"):
            store.stats()
        store.close()
