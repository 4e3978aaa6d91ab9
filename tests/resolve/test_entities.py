"""Which mentions of one document become one entity (names are made up)."""

from __future__ import annotations

import pytest

from kg.ontology import cached_ontology
from kg.resolve.entities import cluster_mentions
from kg.types import Mention, NormalizedDocument, SourceDocument


def clusters_of(*names: tuple[str, str]) -> list[set[str]]:
    """Cluster one mention per (name, type), written one after another in a document."""
    text, mentions = "", []
    for name, label in names:
        mentions.append(Mention(len(text), len(text) + len(name), name, label))
        text += name + "。"
    source = SourceDocument("test.txt", text, "0" * 64, "txt")
    doc = NormalizedDocument(source, text, list(range(len(text) + 1)))
    return [{m.text for m in c.mentions} for c in cluster_mentions(doc, mentions, cached_ontology())]


@pytest.mark.parametrize(("full", "short"), [
    ("上海青岚生物医药科技股份有限公司", "青岚生物"),
    ("上海青岚智能科技有限公司", "青岚科技"),
    ("苏州青岚科技有限公司", "青岚科技"),
])
def test_a_registered_name_and_its_brand_are_one_company(full: str, short: str) -> None:
    groups = clusters_of((full, "Company"), (short, "Company"))
    assert groups == [{full, short}]


def test_two_registered_names_sharing_a_brand_stay_apart() -> None:
    groups = clusters_of(("湖南青岚半导体有限责任公司", "Company"), ("青岚光电股份有限公司", "Company"))
    assert len(groups) == 2


def test_a_unit_named_after_a_company_is_not_the_company() -> None:
    assert len(clusters_of(("百度汽车公司", "Company"), ("百度", "Company"))) == 2


def test_a_brand_shared_by_two_registered_names_is_left_alone() -> None:
    groups = clusters_of(("青岚智能科技有限公司", "Company"), ("青岚生物科技有限公司", "Company"), ("青岚科技", "Company"))
    assert {"青岚科技"} in groups
