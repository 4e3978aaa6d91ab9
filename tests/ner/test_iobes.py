"""IOBES encoding and the lenient decoding the HanLP layer relies on."""

import pytest

from kg.recognize.iobes import iobes_to_spans, spans_to_iobes


@pytest.mark.parametrize(
    "length, spans",
    [
        (6, [(0, 2, "Person"), (3, 6, "Company")]),
        (3, [(1, 2, "Location")]),
        (4, [(0, 1, "Agency"), (1, 4, "Policy")]),
        (5, []),
    ],
)
def test_round_trip(length, spans):
    assert iobes_to_spans(spans_to_iobes(length, spans)) == spans


def test_overlapping_spans_are_refused():
    with pytest.raises(ValueError, match="overlaps"):
        spans_to_iobes(5, [(0, 3, "Company"), (2, 4, "Park")])


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["O", "I-Company", "E-Company", "O"], [(1, 3, "Company")]),  # no B
        (["B-Company", "I-Company", "O"], [(0, 2, "Company")]),  # no E
        (["B-Company", "E-Investor"], [(0, 1, "Company"), (1, 2, "Investor")]),  # label switch
        (["S-Person", "I-Person", "E-Person"], [(0, 1, "Person"), (1, 3, "Person")]),  # S then I
        (["E-Park", "E-Park"], [(0, 1, "Park"), (1, 2, "Park")]),  # lone ends
        (["B-Agency", "B-Agency", "E-Agency"], [(0, 1, "Agency"), (1, 3, "Agency")]),
        (["X", "B-", "O"], []),  # junk tags are outside any span
    ],
)
def test_invalid_sequences_decode_leniently(tags, expected):
    assert iobes_to_spans(tags) == expected
