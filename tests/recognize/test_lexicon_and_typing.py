"""Lexicon matching (canonical names, longest match, short aliases) and the typing rules."""

from __future__ import annotations

import pytest

from kg.errors import RecognizerError
from kg.recognize import Recognizer


@pytest.mark.parametrize(
    ("text", "name", "label", "canonical"),
    [
        ("工信部印发通知。", "工信部", "Agency", "工业和信息化部"),
        ("国家发改委表示，", "国家发改委", "Agency", "国家发展和改革委员会"),
        ("红杉中国领投。", "红杉中国", "Investor", "红杉资本中国"),
        ("企业落户光谷。", "光谷", "Park", "武汉东湖新技术开发区"),
        ("中科院声学所团队提出新方法。", "中科院声学所", "Institute", "中国科学院声学研究所"),
    ],
)
def test_lexicon_gives_type_and_canonical_name(recognize, text, name, label, canonical) -> None:
    found = {m.text: m for m in recognize(text)}
    assert found[name].label == label
    assert found[name].canonical == canonical
    assert found[name].source == "lexicon"


def test_longest_lexicon_match_wins(recognize) -> None:
    ents = [m for m in recognize("中国科学院声学研究所发布成果。") if m.source == "lexicon"]
    assert ents[0].text == "中国科学院声学研究所"


def test_city_inside_a_company_name_is_not_a_place(found) -> None:
    result = found("京东方发布新一代显示屏。")
    assert ("京东方", "Company") in result
    assert not any(label == "Location" for _, label in result)


def test_company_that_invests_stays_a_company(found) -> None:
    assert ("腾讯", "Company") in found("本轮融资由腾讯领投，宁德时代跟投。")
    assert ("宁德时代", "Company") in found("本轮融资由腾讯领投，宁德时代跟投。")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("由星辰基金领投。", "星辰基金", "Investor"),
        ("星辰公益基金会成立。", "星辰公益基金会", "Organization"),
        ("国际智能制造标准委员会发布标准。", "国际智能制造标准委员会", "Organization"),
        ("海州区市场监督管理局发布通告。", "海州区市场监督管理局", "Agency"),
    ],
)
def test_typing_by_suffix(found, text, name, label) -> None:
    assert (name, label) in found(text)


def test_institutes_inside_longer_institute_names_are_reported_too(found) -> None:
    result = found("清华大学未来实验室发布成果。")
    assert {("清华大学未来实验室", "Institute"), ("清华大学", "Institute")} <= result


def test_places_inside_an_agency_name_are_not_separate_mentions(found) -> None:
    result = found("杭州市西湖区政府发布政策。")
    assert ("杭州市西湖区政府", "Agency") in result
    assert not any(label == "Location" for _, label in result)


def test_offsets_point_at_the_text(recognize, document) -> None:
    text = "本轮由Baillie Gifford、GGV纪源资本和高瓴资本跟投，工信部表示支持。"
    doc = document(text)
    for mention in recognize(text):
        assert doc.text[mention.start:mention.end] == mention.text


def test_without_lexicon(ontology, document) -> None:
    rec = Recognizer(ontology, without=frozenset({"hanlp", "lexicon"}))
    texts = {m.text for m in rec(document("工信部印发通知，本轮由星河资本领投。"))}
    assert "工信部" not in texts and "星河资本" in texts
    assert "kg_lexicon" not in rec.layers


def test_without_pattern(ontology, document) -> None:
    rec = Recognizer(ontology, without=frozenset({"hanlp", "pattern", "lists"}))
    texts = {m.text for m in rec(document("工信部印发通知，本轮由星河资本领投。"))}
    assert "工信部" in texts and "星河资本" not in texts


def test_without_typing_keeps_generic_names(ontology, document) -> None:
    text = "金融科技，持续增长。"
    typed = Recognizer(ontology, without=frozenset({"hanlp"}))(document(text))
    untyped = Recognizer(ontology, without=frozenset({"hanlp", "typing"}))(document(text))
    assert "金融科技" not in {m.text for m in typed}
    assert "金融科技" in {m.text for m in untyped}


def test_requested_hanlp_model_that_is_missing_is_an_error(ontology) -> None:
    with pytest.raises(RecognizerError, match="no-such-model"):
        Recognizer(ontology, hanlp_model="/nonexistent/no-such-model")


def test_components_are_spacy_factories(ontology) -> None:
    import spacy

    import kg.recognize.factories  # noqa: F401

    nlp = spacy.blank("zh")
    lexicon = nlp.add_pipe("kg_lexicon")
    with pytest.raises(RecognizerError, match="kg_lexicon"):
        lexicon(nlp.make_doc("工信部"))
    lexicon.set_resources(ontology)
    doc = lexicon(nlp.make_doc("工信部印发通知"))
    assert [(s.text, s.label_) for s in doc.spans["kg_lexicon"]] == [("工信部", "Agency")]


def test_known_name_after_a_place_keeps_its_own_name(found) -> None:
    result = found("杭州云栖小镇集聚了大批企业。")
    assert ("云栖小镇", "Park") in result
    assert ("杭州云栖小镇", "Park") not in result


def test_empty_document_has_no_mentions(recognize) -> None:
    assert recognize("") == []


def test_a_name_inside_a_word_of_the_language_is_no_mention(found) -> None:  # type: ignore[no-untyped-def]
    names = found("高通量测序技术进步。高通发布新芯片。三星级酒店开业。")
    assert [n for n in names if n[0] == "高通"] == [("高通", "Company")]
    assert sum(1 for m in names if m[0] == "三星") == 0


def test_a_short_name_repeats_only_where_a_word_can_start(recognize) -> None:  # type: ignore[no-untyped-def]
    text = "本轮由星岚领投。公司将创建星岚动力平台。由星岚继续加码。"
    starts = [m.start for m in recognize(text) if m.text == "星岚"]
    assert starts == [text.index("星岚"), text.rindex("星岚")]
