"""The combiner: rule spans and model spans with confidences -> one span per stretch of text."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.ontology import cached_ontology
from kg.recognize.lexicon import LexiconIndex, lexicon_index
from kg.recognize.passes.model import ModelTrust, choose_with_model
from kg.recognize.resources import Resources, build_resources


@pytest.fixture(scope="module")
def res() -> Resources:
    return build_resources(cached_ontology())


@pytest.fixture(scope="module")
def index() -> LexiconIndex:
    return lexicon_index(cached_ontology())


_NLP = spacy.blank("zh")


def spans(text: str, *found: tuple[str, str, str, float]) -> tuple[list[Span], dict[tuple[int, int], float]]:
    """(name, label, layer, confidence) -> Spans on a one-character-a-token Doc of ``text``."""
    doc = Doc(_NLP.vocab, words=list(text), spaces=[False] * len(text))
    result, confidence = [], {}
    for name, label, layer, score in found:
        start = text.index(name)
        result.append(Span(doc, start, start + len(name), label=label, span_id=layer))
        if layer == "hanlp":
            confidence[(start, start + len(name))] = score
    return result, confidence


def chosen(candidates: list[Span], confidence: dict, res: Resources, index: LexiconIndex,
           trust: ModelTrust = ModelTrust()) -> set[tuple[str, str]]:
    return {(s.text, s.label_) for s in choose_with_model(candidates, res, index, confidence, trust)}


def test_a_confident_model_name_fills_a_gap_the_rules_left(res, index):
    candidates, conf = spans("据悉，云图智能已完成新一轮融资。", ("云图智能", "Company", "hanlp", 0.95))
    assert chosen(candidates, conf, res, index) == {("云图智能", "Company")}


def test_an_unsure_model_name_needs_the_grammar_of_names(res, index):
    candidates, conf = spans("据悉，云图智能已完成新一轮融资。", ("云图智能", "Company", "hanlp", 0.6))
    assert chosen(candidates, conf, res, index) == set()
    candidates, conf = spans("据悉，云图智能科技有限公司已完成融资。", ("云图智能科技有限公司", "Company", "hanlp", 0.6))
    assert chosen(candidates, conf, res, index) == {("云图智能科技有限公司", "Company")}


def test_the_model_trims_a_word_the_pattern_glued_on(res, index):
    candidates, conf = spans("项目将落户向杭州市。", ("向杭州市", "Location", "pattern", 1.0),
                             ("杭州市", "Location", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("杭州市", "Location")}
    # not confident enough: the pattern's boundaries stay
    conf = {k: 0.5 for k in conf}
    assert chosen(candidates, conf, res, index) == {("向杭州市", "Location")}


def test_the_model_grows_a_name_the_rules_cut_into_pieces(res, index):
    text = "周涛创建了杭州星海数据科技有限公司。"
    candidates, conf = spans(text, ("杭州", "Location", "lexicon", 1.0),
                             ("杭州星海数据科技有限公司", "Company", "hanlp", 0.97))
    assert chosen(candidates, conf, res, index) == {("杭州星海数据科技有限公司", "Company")}
    conf = {k: 0.7 for k in conf}
    assert chosen(candidates, conf, res, index) == {("杭州", "Location")}


@pytest.mark.parametrize("text, rule, model", [
    ("由中金资本旗下基金领投。", ("中金资本", "Investor", "lexicon"), ("中金资本旗下基金", "Investor")),  # never grown
    ("他在东岭医科大学附属第二医院工作。", ("东岭医科大学附属第二医院", "Institute", "pattern"),
     ("第二医院", "Institute")),  # a long cut never takes off a parent's name
])
def test_a_rule_organization_name_stays_whole(res, index, text, rule, model):
    candidates, conf = spans(text, (*rule, 1.0), (*model, "hanlp", 0.99))
    assert chosen(candidates, conf, res, index) == {rule[:2]}


def test_thresholds_are_settings(res, index):
    candidates, conf = spans("据悉，云图智能已完成新一轮融资。", ("云图智能", "Company", "hanlp", 0.75))
    assert chosen(candidates, conf, res, index) == set()
    assert chosen(candidates, conf, res, index, ModelTrust(fill=0.7)) == {("云图智能", "Company")}


@pytest.mark.parametrize("text, name, label, place", [
    ("1984年他到青岛电冰箱总厂工作。", "青岛电冰箱总厂", "Company", "青岛"),
    ("据中国美术馆工作人员介绍，参观者已逾万人。", "中国美术馆", "Organization", "中国"),
    ("同样三战三捷的许银川与吴贵临相遇。", "许银川", "Person", "银川"),
])
def test_a_sure_model_name_that_begins_with_a_place_wins_over_the_place(res, index, text, name, label, place):
    candidates, conf = spans(text, (place, "Location", "lexicon", 1.0), (name, label, "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {(name, label)}
    assert chosen(candidates, conf, res, index, ModelTrust(place_prefix=0.95)) == {(place, "Location")}


def test_a_model_name_never_grows_a_rule_organization_name_from_a_place(res, index):
    text = "北京中关村银行获批开业。"
    candidates, conf = spans(text, ("北京", "Location", "lexicon", 1.0), ("中关村银行", "Company", "pattern", 1.0),
                             ("北京中关村银行获批", "Company", "hanlp", 0.95))
    assert chosen(candidates, conf, res, index) == {("北京", "Location"), ("中关村银行", "Company")}


@pytest.mark.parametrize("text, name, label", [
    ("百度将组建一家智能汽车公司。", "智能汽车公司", "Company"),
    ("提出加快建设云计算产业园。", "建设云计算产业园", "Park"),
    ("支持外资股权投资基金在园区发展。", "股权投资基金", "Investor"),
    ("另有某机器人公司完成融资。", "某机器人公司", "Company"),
    ("联系人：Email：info@example.com", "Email", "Person"),
])
def test_a_sure_model_span_still_needs_the_shape_of_a_name(res, index, text, name, label):
    candidates, conf = spans(text, (name, label, "hanlp", 0.97))
    assert chosen(candidates, conf, res, index) == set()


@pytest.mark.parametrize("name, kept", [("梅德韦杰夫", True), ("阿诺德·施瓦辛格", True), ("当天在索契会", False)])
def test_a_sure_person_longer_than_a_chinese_name_must_be_written_as_a_foreign_one(res, index, name, kept):
    text = f"俄罗斯总统{name}宣布。"
    candidates, conf = spans(text, (name, "Person", "hanlp", 0.99))
    assert chosen(candidates, conf, res, index) == ({(name, "Person")} if kept else set())


@pytest.mark.parametrize("text, name, label, confidence, kept", [
    ("那天晚上周可心没有回家。", "周可心", "Person", 0.6, True),       # a surname: a lower bar
    ("那天晚上可心没有回家。", "可心", "Person", 0.6, False),          # no surname: the usual bar
    ("救援队赶到石门坎乡的时候天已经黑了。", "石门坎乡", "Location", 0.6, True),
    ("那天晚上周可心没有回家。", "周可心", "Person", 0.4, False),
])
def test_people_with_a_surname_and_places_fill_a_gap_on_a_lower_confidence(res, index, text, name, label,
                                                                           confidence, kept):
    candidates, conf = spans(text, (name, label, "hanlp", confidence))
    assert chosen(candidates, conf, res, index) == ({(name, label)} if kept else set())


def test_a_sure_model_name_cuts_a_whole_clause_the_pattern_glued_on(res, index):
    text = "各家企业都应当认真执行河西区市场监督管理局的规定。"
    glued = "各家企业都应当认真执行河西区市场监督管理局"
    candidates, conf = spans(text, (glued, "Agency", "pattern", 1.0), ("河西区市场监督管理局", "Agency", "hanlp", 0.95))
    assert chosen(candidates, conf, res, index) == {("河西区市场监督管理局", "Agency")}
    conf = {k: 0.85 for k in conf}  # a long cut needs more confidence than a short one
    assert chosen(candidates, conf, res, index) == {(glued, "Agency")}


def test_a_sure_model_name_grows_a_known_company_to_its_branch(res, index):
    text = "招商银行杭州分行近日推出新产品。"
    candidates, conf = spans(text, ("招商银行", "Company", "lexicon", 1.0), ("招商银行杭州分行", "Company", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("招商银行杭州分行", "Company")}
    candidates, conf = spans("招商银行杭州市民卡业务", ("招商银行", "Company", "lexicon", 1.0),
                             ("招商银行杭州市民卡", "Company", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("招商银行", "Company")}


def test_a_sure_model_person_grows_a_name_the_pattern_cut_short(res, index):
    text = "美国总统克雷斯顿发表讲话。"
    candidates, conf = spans(text, ("美国", "Location", "lexicon", 1.0), ("克雷", "Person", "pattern", 1.0),
                             ("克雷斯顿", "Person", "hanlp", 0.95))
    assert chosen(candidates, conf, res, index) == {("美国", "Location"), ("克雷斯顿", "Person")}
    assert chosen(candidates, conf, res, index, ModelTrust(place_prefix=0.99)) == {("美国", "Location"), ("克雷", "Person")}


@pytest.mark.parametrize("text, name, kept", [
    ("影片由星河动画公司出品。", "星河动画公司", True),    # a name of its own before a bare 公司
    ("另有某机器人公司完成融资。", "某机器人公司", False),
    ("百度将组建一家智能汽车公司。", "智能汽车公司", False),  # a counted noun
    ("该公司表示将继续投入。", "该公司", False),
])
def test_an_unsure_model_company_ending_in_a_bare_gongsi_needs_a_name_of_its_own(res, index, text, name, kept):
    candidates, conf = spans(text, (name, "Company", "hanlp", 0.5))
    assert chosen(candidates, conf, res, index) == ({(name, "Company")} if kept else set())


def test_a_sure_model_name_grows_a_known_body_to_its_branch_across_a_place(res, index):
    text = "展览由东岭工商联合会北京市分会主办。"
    candidates, conf = spans(text, ("东岭工商联合会", "Organization", "lexicon", 1.0), ("北京市", "Location", "lexicon", 1.0),
                             ("东岭工商联合会北京市分会", "Organization", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("东岭工商联合会北京市分会", "Organization")}


def test_a_person_that_begins_a_longer_word_needs_the_usual_bar(res, index):
    candidates, conf = spans("这就是所谓的马太效应。", ("马太", "Person", "hanlp", 0.6))
    assert chosen(candidates, conf, res, index) == set()


def edges_at(text: str, begins: dict[str, float], ends: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Edge chances for ``text``: 0 everywhere except where a name begins or ends (by its text)."""
    starts, stops = np.zeros(len(text), np.float32), np.zeros(len(text), np.float32)
    for name, chance in begins.items():
        starts[text.index(name)] = chance
    for name, chance in ends.items():
        stops[text.index(name) + len(name) - 1] = chance
    return starts, stops


@pytest.mark.parametrize("text, glued, name, label", [
    ("并积极与房山政府合作发展。", "积极与房山政府", "房山政府", "Agency"),  # a clause on the left
    ("visa和银联都主营银行卡业务。", "银联都主营银行", "银联", "Company"),  # a clause on the right
    ("女主角哈莉·贝丽终于获得好评。", "女主角哈莉·贝丽终", "哈莉·贝丽", "Person"),  # both sides
])
def test_an_unsure_model_name_gives_the_boundary_where_the_model_sees_no_name_begin_or_end(
        res, index, text, glued, name, label):
    candidates, conf = spans(text, (glued, label, "pattern", 1.0), (name, label, "hanlp", 0.4))
    edges = edges_at(text, {glued: 0.01, name: 0.9}, {glued: 0.0, name: 0.9})
    assert {(s.text, s.label_) for s in choose_with_model(candidates, res, index, conf, edges=edges)} == {(name, label)}
    # where the model gives the pattern's edge a fair chance, or its own edge none, the pattern stays
    for doubtful in (edges_at(text, {glued: 0.3, name: 0.9}, {glued: 0.3, name: 0.9}),
                     edges_at(text, {glued: 0.01, name: 0.5}, {glued: 0.0, name: 0.5})):
        assert {s.text for s in choose_with_model(candidates, res, index, conf, edges=doubtful)} == {glued}
    # a model without marginals (HanLP's) leaves the confidence rules alone to decide
    assert {s.text for s in choose_with_model(candidates, res, index, conf)} == {glued}


def test_a_pattern_organization_the_model_reads_no_name_in_is_dropped(res, index):
    text = "我们只在外打着银行的旗号推销。"
    candidates, conf = spans(text, ("在外打着银行", "Company", "pattern", 1.0))
    nothing = edges_at(text, {}, {})
    assert choose_with_model(candidates, res, index, conf, edges=nothing) == []
    # a fair chance at either edge, or no marginals at all, and the pattern's name stays
    assert {s.text for s in choose_with_model(candidates, res, index, conf,
                                              edges=edges_at(text, {}, {"在外打着银行": 0.2}))} == {"在外打着银行"}
    assert {s.text for s in choose_with_model(candidates, res, index, conf)} == {"在外打着银行"}


def test_a_list_member_stays_a_name_though_the_model_reads_none(res, index):
    text = "启航光电、蓝箭数据等项目落户。"
    candidates, conf = spans(text, ("蓝箭数据", "Company", "pattern", 1.0))
    assert {s.text for s in choose_with_model(candidates, res, index, conf, edges=edges_at(text, {}, {}))} == {"蓝箭数据"}


def test_a_pattern_name_cut_short_grows_to_the_model_name_whose_edges_it_is_sure_of(res, index):
    text = "公司向香港联合交易所有限公司提交公告。"
    whole, cut = "香港联合交易所有限公司", "交易所有限公司"
    candidates, conf = spans(text, (cut, "Company", "pattern", 1.0), (whole, "Company", "hanlp", 0.6))
    sure = edges_at(text, {whole: 0.95, cut: 0.01}, {whole: 0.95})
    assert {s.text for s in choose_with_model(candidates, res, index, conf, edges=sure)} == {whole}
    doubtful = edges_at(text, {whole: 0.95, cut: 0.3}, {whole: 0.95})
    assert {s.text for s in choose_with_model(candidates, res, index, conf, edges=doubtful)} == {cut}


@pytest.mark.parametrize("text, whole, cut", [
    ("旷视是中关村企业旷视科技的简称。", "中关村企业旷视科技", "旷视科技"),  # a descriptor before the name
    ("唐云任诺维数据股份有限公司董事长。", "唐云任诺维数据股份有限公司", "股份有限公司"),  # a function word
])
def test_a_model_name_never_grows_a_pattern_name_over_a_descriptor_or_a_clause(res, index, text, whole, cut):
    candidates, conf = spans(text, (cut, "Company", "pattern", 1.0), (whole, "Company", "hanlp", 0.9))
    edges = edges_at(text, {whole: 0.95, cut: 0.01}, {whole: 0.95})
    assert {s.text for s in choose_with_model(candidates, res, index, conf, edges=edges)} == {cut}


def test_a_confident_model_name_is_a_place_and_the_rules_organization(res, index):
    candidates, conf = spans("2016年起任职于深圳市星桥技术有限公司。", ("深圳市", "Location", "lexicon", 1.0),
                             ("星桥技术有限公司", "Company", "pattern", 1.0),
                             ("深圳市星桥技术有限公司", "Organization", "hanlp", 0.95))
    assert chosen(candidates, conf, res, index) == {("深圳市星桥技术有限公司", "Company")}
    unsure = {key: 0.6 for key in conf}
    assert ("深圳市星桥技术有限公司", "Company") not in chosen(candidates, unsure, res, index)


def test_a_confident_model_name_is_a_known_organization_and_its_unit(res, index):
    candidates, conf = spans("张华毕业于厦门大学经济系。", ("厦门大学", "Institute", "lexicon", 1.0),
                             ("厦门大学经济系", "Organization", "hanlp", 0.97))
    assert chosen(candidates, conf, res, index) == {("厦门大学经济系", "Institute")}


def test_a_title_neighbour_across_a_sure_organization_is_no_person(res, index):
    candidates, conf = spans("他曾任采购经理和美的制冷家电集团区域总监。", ("和美", "Person", "pattern", 1.0),
                             ("美的制冷家电集团", "Company", "hanlp", 0.99))
    assert ("和美", "Person") not in chosen(candidates, conf, res, index)
    unsure = {key: 0.6 for key in conf}
    assert ("和美", "Person") in chosen(candidates, unsure, res, index)


def test_an_unknown_place_after_a_company_word_is_a_company(res, index):
    candidates, conf = spans("高新区企业澜岳威视位于滨江区。", ("澜岳威视", "Location", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("澜岳威视", "Company")}
    candidates, conf = spans("公司在成都设立研发中心。", ("成都", "Location", "hanlp", 0.9))
    assert chosen(candidates, conf, res, index) == {("成都", "Location")}


def test_a_known_company_written_out_with_its_legal_form(res, index):
    candidates, conf = spans("他曾任海通证券公司职员。", ("海通证券", "Company", "lexicon", 1.0),
                             ("海通证券公司", "Organization", "hanlp", 1.0))
    assert chosen(candidates, conf, res, index) == {("海通证券公司", "Company")}
    candidates, conf = spans("海通证券研究所发布报告。", ("海通证券", "Company", "lexicon", 1.0),
                             ("海通证券研究所", "Organization", "hanlp", 0.6))
    assert chosen(candidates, conf, res, index) == {("海通证券", "Company")}
