import pytest

from kg.link import link


def _by_head(rels):
    return {r.head.text: r for r in rels if r.type == "INVESTS_IN"}


def test_round_with_lead_and_followers_listed_with_etc(ontology, marked, triples):
    doc, ms = marked("[字节跳动|Company]宣布完成3.6亿美元F轮融资，由[红杉资本中国|Investor]、[高瓴资本|Investor]联合领投，"
                     "[IDG资本|Investor]等跟投。")
    rels = _by_head(link(doc, ms, ontology))
    assert set(rels) == {"红杉资本中国", "高瓴资本", "IDG资本"}
    assert {r.tail.text for r in rels.values()} == {"字节跳动"}
    assert rels["高瓴资本"].properties["lead"] is True and rels["IDG资本"].properties["lead"] is False
    props = rels["IDG资本"].properties
    assert (props["round"], props["amount"], props["amount_value"], props["currency"], props["amount_bound"]) == \
        ("F轮", "3.6亿美元", 360_000_000.0, "USD", "exact")


def test_back_reference_to_earlier_sentence_and_adviser_excluded(ontology, marked, triples):
    doc, ms = marked("[商汤科技|Company]今年3月完成近亿元B轮融资。",
                     "本轮融资由[软银愿景基金|Investor]领投，老股东[经纬中国|Investor]继续加码，[华兴资本|Investor]担任独家财务顾问。",
                     date="2021-05-10")
    rels = _by_head(link(doc, ms, ontology))
    assert set(rels) == {"软银愿景基金", "经纬中国"}
    assert rels["软银愿景基金"].tail.text == "商汤科技"
    assert rels["经纬中国"].properties["lead"] is False


def test_headline_company_is_the_subject_and_without_switches(ontology, marked, triples):
    lines = ("■[小马智行|Company]获新一轮融资", "本轮融资由[中金资本|Investor]旗下基金领投。")
    doc, ms = marked(*lines)
    assert triples(link(doc, ms, ontology)) == {("中金资本", "INVESTS_IN", "小马智行")}
    assert link(doc, ms, ontology, without=frozenset({"headline"})) == []


def test_coref_switch_stops_back_references(ontology, marked, triples):
    doc, ms = marked("[商汤科技|Company]完成B轮融资。", "本轮融资由[软银愿景基金|Investor]领投。")
    # the first sentence is a deal of its own (RAISED); resolve drops it once INVESTS_IN states it
    assert triples(link(doc, ms, ontology)) == {("软银愿景基金", "INVESTS_IN", "商汤科技"),
                                                ("商汤科技", "RAISED", "商汤科技")}
    assert [r.type for r in link(doc, ms, ontology, without=frozenset({"coref"}))] == ["RAISED"]


def test_company_gets_round_led_by_investor(ontology, marked, triples):
    doc, ms = marked("[地平线|Company]获[高瓴资本|Investor]领投的C2轮融资，[宁德时代|Company]参投。")
    rels = _by_head(link(doc, ms, ontology))
    assert rels["高瓴资本"].properties["round"] == "C2轮" and rels["高瓴资本"].properties["lead"] is True
    assert rels["宁德时代"].properties["lead"] is False and rels["宁德时代"].tail.text == "地平线"


def test_investors_named_after_an_opener_and_a_follow_on_verb(ontology, marked, triples):
    doc, ms = marked("[星衍光电|Company]完成数千万元Pre-A轮融资。",
                     "本轮投资方为[元禾原点|Investor]，老股东[明势资本|Investor]继续追投。")
    rels = _by_head(link(doc, ms, ontology))
    assert set(rels) == {"元禾原点", "明势资本"}
    assert {r.tail.text for r in rels.values()} == {"星衍光电"}
    assert not any(r.properties["lead"] for r in rels.values())


def test_earlier_rounds_keep_their_own_round_and_no_amount_of_this_one(ontology, marked, triples):
    doc, ms = marked("[星图智控|Company]宣布完成数亿元B轮融资，本轮由[深创投|Investor]领投。",
                     "此前，[经纬创投|Investor]曾领投其天使轮，[线性资本|Investor]参与了其A轮融资。")
    rels = _by_head(link(doc, ms, ontology))
    assert (rels["深创投"].properties["round"], rels["深创投"].properties["amount"]) == ("B轮", "数亿元")
    assert (rels["经纬创投"].properties["round"], rels["经纬创投"].properties.get("amount")) == ("天使轮", None)
    assert (rels["线性资本"].properties["round"], rels["线性资本"].properties["lead"]) == ("A轮", False)
    assert rels["经纬创投"].properties["lead"] is True


def test_a_date_that_opens_the_sentence_dates_the_round(ontology, marked, triples):
    doc, ms = marked("11月28日，[清研智谷|Company]宣布完成Pre-B轮融资，由[礼来亚洲基金|Investor]领投。",
                     "2019年成立的[星岚科技|Company]近日完成B轮融资，由[高瓴资本|Investor]领投。", date="2023-12")
    rels = _by_head(link(doc, ms, ontology))
    assert (rels["礼来亚洲基金"].properties["date"], rels["礼来亚洲基金"].properties["date_iso"]) == ("11月28日", "2023-11-28")
    # the founding year is no date of the round; 近日 is, resolved against the bulletin
    assert (rels["高瓴资本"].properties["date"], rels["高瓴资本"].properties["date_iso"]) == ("近日", "2023-12")


def test_an_investor_and_the_company_it_puts_money_in(ontology, marked, triples):
    doc, ms = marked("[红杉中国|Investor]近日投资了[星岚科技|Company]，金额未披露。",
                     "[腾讯|Company]战略投资[青岚游戏|Company]，持股约20%。",
                     "[高瓴资本|Investor]向[青木生物|Company]注资2亿元。",
                     "[比亚迪|Company]投资50亿元在[合肥|Location]建设基地。")
    rels = _by_head(link(doc, ms, ontology))
    assert {(h, r.tail.text) for h, r in rels.items()} == {
        ("红杉中国", "星岚科技"), ("腾讯", "青岚游戏"), ("高瓴资本", "青木生物")}
    assert rels["高瓴资本"].properties["amount"] == "2亿元" and rels["红杉中国"].rule == "invests.direct"


def test_the_company_whose_investors_are_listed(ontology, marked, triples):
    doc, ms = marked("■ [星岚科技|Company]完成A轮融资",
                     "[青禾智能|Company]的投资方包括[经纬创投|Investor]和[源码资本|Investor]。")
    assert {(h, r.tail.text) for h, r in _by_head(link(doc, ms, ontology)).items()} == {
        ("经纬创投", "青禾智能"), ("源码资本", "青禾智能")}


def test_the_valuation_a_financing_sentence_states(ontology, marked, triples):
    doc, ms = marked("[星岚科技|Company]完成5亿元B轮融资，由[高瓴资本|Investor]领投，投后估值超过70亿元。")
    props = _by_head(link(doc, ms, ontology))["高瓴资本"].properties
    assert (props["amount"], props["valuation"], props["valuation_value"]) == ("5亿元", "超过70亿元", 7e9)


def test_a_deal_without_a_date_of_its_own_gets_the_bulletins(ontology, marked):
    doc, ms = marked("[云帆智造|Company]完成两千万美元A轮融资，由[启明创投|Investor]领投。", date="2022-08-16")
    props = _by_head(link(doc, ms, ontology))["启明创投"].properties
    assert (props["amount_value"], props["currency"]) == (2e7, "USD")
    assert (props["date_iso"], props["date_precision"], props["date_source"]) == ("2022-08-16", "day", "bulletin")
    assert "date" not in props


def test_a_relative_date_is_resolved_and_marked_as_the_texts(ontology, marked):
    doc, ms = marked("[云帆智造|Company]于上月完成三亿元B轮融资，[IDG资本|Investor]领投。", date="2022-08-16")
    props = _by_head(link(doc, ms, ontology))["IDG资本"].properties
    assert (props["amount_value"], props["date"], props["date_iso"], props["date_source"]) == \
        (3e8, "上月", "2022-07", "text")


def test_an_earlier_rounds_date_is_no_date_of_this_round(ontology, marked):
    doc, ms = marked("[云帆智造|Company]完成1.5亿美金C轮融资，投后估值20亿美金，该公司2020年5月曾获B轮融资，"
                     "本轮由[启明创投|Investor]领投。", date="2022-08")
    props = _by_head(link(doc, ms, ontology))["启明创投"].properties
    assert (props["amount"], props["amount_value"], props["valuation_value"]) == ("1.5亿美金", 1.5e8, 2e9)
    assert (props["date_iso"], props["date_source"]) == ("2022-08", "bulletin")


def test_undisclosed_investors_leave_the_deal_as_raised(ontology, marked):
    doc, ms = marked("■[云图科技|Company]完成A轮融资", "[云图科技|Company]完成数千万元A轮融资，投资方未透露。",
                     date="2023-05-10")
    (raised,) = link(doc, ms, ontology)  # the headline sums up the body's deal: no second one
    assert (raised.type, raised.head.text, raised.tail.text) == ("RAISED", "云图科技", "云图科技")
    assert raised.properties["round"] == "A轮" and raised.properties["amount_value"] == 10_000_000
    assert raised.properties["amount_bound"] == "lower" and raised.properties["date_source"] == "bulletin"


def test_an_earlier_deal_is_not_dated_by_the_bulletin(ontology, marked):
    doc, ms = marked("[星海数据|Company]曾获得[红杉资本中国|Investor]近亿元投资。", date="2024-05-10")
    (deal,) = [r for r in link(doc, ms, ontology) if r.type == "INVESTS_IN"]
    assert "date_iso" not in deal.properties and "date_source" not in deal.properties


def test_investors_listed_before_a_joint_investing_verb_each_invest(ontology, marked, triples):
    doc, ms = marked("[红杉中国|Investor]、[高瓴创投|Investor]联合领投了[云启医疗|Company]的2亿元C轮融资。",
                     "[经纬创投|Investor]超额跟投了[青禾智能|Company]。")
    rels = [r for r in link(doc, ms, ontology) if r.type == "INVESTS_IN"]
    assert {(r.head.text, r.tail.text, r.properties["lead"]) for r in rels} == {
        ("红杉中国", "云启医疗", True), ("高瓴创投", "云启医疗", True), ("经纬创投", "青禾智能", False)}
    assert {r.properties["round"] for r in rels if r.tail.text == "云启医疗"} == {"C轮"}


def test_a_description_of_the_company_between_the_verb_and_its_name(ontology, marked, triples):
    doc, ms = marked("[高瓴资本|Investor]近日投资了自动驾驶公司[驭势科技|Company]。",
                     "[红杉中国|Investor]投资了一家人工智能企业[星云科技|Company]，金额未披露。",
                     "[腾讯|Company]投资了[深圳|Location]一家公司[微众|Company]。")
    assert triples(link(doc, ms, ontology)) == {
        ("高瓴资本", "INVESTS_IN", "驭势科技"), ("红杉中国", "INVESTS_IN", "星云科技")}


@pytest.mark.parametrize("sentence, amount", [
    ("[星桥资本|Investor]斥资5亿美元投资了[云岫物流|Company]。", "5亿美元"),
    ("[远帆集团|Company]以10亿元入股[云岫互娱|Company]。", "10亿元"),
])
def test_the_price_paid_between_investor_and_verb(ontology, marked, sentence, amount):
    doc, ms = marked(sentence)
    rels = link(doc, ms, ontology)
    assert [(r.head.text, r.tail.text, r.properties.get("amount")) for r in rels] == [(ms[0].text, ms[1].text, amount)]
