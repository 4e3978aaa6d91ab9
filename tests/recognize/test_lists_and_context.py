"""Names typed by their neighbours: list members, investors before 领投/跟投, Latin names after a descriptor."""

from __future__ import annotations

from collections.abc import Callable

from kg.recognize.lists import find_list_members
from kg.recognize.resources import Resources, build_resources

Found = Callable[[str], set[tuple[str, str]]]


def test_unknown_members_take_the_type_of_known_ones(found: Found) -> None:
    # 腾讯 and 百度 are in the lexicon; the two invented names are not.
    names = found("榜单前列有腾讯、百度、云岫智造和蓝湾数科等企业。")
    assert ("云岫智造", "Company") in names
    assert ("蓝湾数科", "Company") in names


def test_quoted_members_take_the_type_of_known_ones(ontology) -> None:  # type: ignore[no-untyped-def]
    res: Resources = build_resources(ontology)
    text = "园区已聚集“腾讯”、“白鹭智造”和“灰雁数据”等企业。"
    known = [(text.index("腾讯"), text.index("腾讯") + 2, "Company")]
    members = {(text[f.start:f.end], f.label) for f in find_list_members(text, known, res)}
    assert {("白鹭智造", "Company"), ("灰雁数据", "Company")} <= members  # the words inside the quotes


def test_investors_before_investing_verbs(found: Found) -> None:
    names = found("本轮融资由青禾远望领投，澄川创合、北辰启明跟投。")
    assert {("青禾远望", "Investor"), ("澄川创合", "Investor"), ("北辰启明", "Investor")} <= names


def test_mixed_lists_type_nothing(ontology) -> None:  # type: ignore[no-untyped-def]
    res: Resources = build_resources(ontology)
    text = "参会的有工信部、腾讯、云岫智造等单位。"
    known = [(4, 7, "Agency"), (8, 10, "Company")]
    assert find_list_members(text, known, res) == []


def test_a_list_of_industries_without_known_members_types_nothing(found: Found) -> None:
    names = found("涵盖电子商务、交通出行、本地生活等领域。")
    assert not {label for _text, label in names}


def test_latin_word_after_a_company_descriptor(found: Found) -> None:
    names = found("巴士制造商Zentrobus与运动科技公司Fitora达成合作，搭载HiCar系统。")
    assert ("Zentrobus", "Company") in names
    assert ("Fitora", "Company") in names
    assert not any(text == "HiCar" for text, _ in names)


def test_a_latin_word_joined_to_a_latin_company_is_one_too(found: Found) -> None:
    names = found("公司将与零部件供应商 Brakel 和 Vossen 开展合作，并使用HiCar和Apollo平台。")
    assert {("Brakel", "Company"), ("Vossen", "Company")} <= names
    assert not any(text in ("HiCar", "Apollo") for text, _ in names)


def test_descriptor_before_a_suffixed_name_is_not_part_of_it(found: Found) -> None:
    names = found("中关村企业云岫智能科技完成B轮融资。中国企业联合会发布报告。")
    assert ("云岫智能科技", "Company") in names
    assert any(text == "中国企业联合会" for text, _ in names)


def test_repeated_names_fill_gaps_only(recognize) -> None:  # type: ignore[no-untyped-def]
    mentions = recognize("巴士制造商Zentrobus发布新车。Zentrobus表示，ZentrobusX不是它的产品。")
    spans = [(m.start, m.text) for m in mentions if m.text == "Zentrobus"]
    assert len(spans) == 2  # not the one inside the longer Latin word ZentrobusX


def test_a_contracted_form_is_the_same_name(recognize) -> None:  # type: ignore[no-untyped-def]
    mentions = recognize("北京大学青岚发展研究院发布报告。北京大学青岚发展院院长表示，指数增长了4倍。")
    short = [m for m in mentions if m.text == "北京大学青岚发展院"]
    assert len(short) == 1 and short[0].canonical == "北京大学青岚发展研究院"
    assert short[0].label == "Institute"


def test_a_foreign_countrys_ministry_is_its_own_agency(found: Found) -> None:
    names = found("美国商务部宣布新规。商务部表示将回应。")
    assert ("美国商务部", "Agency") in names and ("商务部", "Agency") in names
    assert ("美国", "Location") not in names


def test_the_subject_of_a_financing_sentence_is_a_company(found: Found) -> None:
    names = found("■ 青岚智驾完成 C2 轮 4 亿美元融资\n近日，云栖微电宣布完成数亿元B轮融资。")
    assert ("青岚智驾", "Company") in names
    assert ("云栖微电", "Company") in names


def test_dates_and_pronouns_before_a_financing_phrase_are_not_companies(found: Found) -> None:
    names = found("公司此前已完成A轮融资。2019年完成B轮融资。该项目获得1亿元融资。今年以来，已有30家企业完成融资。")
    assert names == set()


def test_a_list_the_sentence_calls_investors(found: Found) -> None:
    names = found("参与本轮投资的其他机构还包括：Aspex 思柏投资，青松远景，北辰启明等。老股东包括澄川创合、蓝湾远见。")
    assert {("青松远景", "Investor"), ("北辰启明", "Investor"), ("澄川创合", "Investor"), ("蓝湾远见", "Investor")} <= names


def test_without_a_colon_a_comma_ends_the_investor_list(found: Found) -> None:
    names = found("公司主要股东为青松远景，持股比例超过一半。")
    assert ("持股比例超过一半", "Investor") not in {(n, t) for n, t in names}


def test_an_investor_that_starts_with_a_place_replaces_the_place(found: Found) -> None:
    names = found("本轮融资由青禾资本、宁德时光联合领投。")
    assert ("宁德时光", "Investor") in names
    assert not {label for text, label in names if text.startswith("宁德") and label == "Location"}


def test_a_list_of_places_does_not_grow_over_the_words_after_it(found: Found) -> None:
    names = found("北京、上海、深圳、杭州这四座城市聚集了大量企业。")
    assert all(label == "Location" and len(text) <= 3 for text, label in names)


def test_a_descriptor_before_a_financing_subject_is_not_its_name(found: Found) -> None:
    names = found("近日，具身智能企业星海帆宣布完成数亿元A轮融资。")
    assert ("星海帆", "Company") in names
    assert not any(name.startswith("具身") for name, _ in names)


def test_a_ministrys_short_name_after_a_place_is_the_local_body(recognize) -> None:  # type: ignore[no-untyped-def]
    mentions = recognize("市科委、市发展改革委等部门参加调研。北京市发展改革委印发通知。国家发展改革委表示支持。")
    local = {(m.text, m.canonical) for m in mentions if m.label == "Agency"}
    assert ("市发展改革委", None) in local and ("北京市发展改革委", None) in local
    assert ("国家发展改革委", "国家发展和改革委员会") in local
    assert not any(m.text == "北京市" for m in mentions)


def test_a_name_before_a_visit_word_after_a_title(found: Found) -> None:
    assert ("陈吉", "Person") in found("市长陈吉率队赴临港调研。")


def test_the_company_an_investor_puts_money_in(found: Found) -> None:
    names = found("红杉中国近日投资了星岚科技，金额未披露。高瓴资本向青木生物注资2亿元。比亚迪投资50亿元建设基地。"
                  "高瓴资本向社会公布。青禾智能的投资方包括经纬创投和源码资本。")
    assert {("星岚科技", "Company"), ("青木生物", "Company"), ("青禾智能", "Company")} <= names
    assert not any(name.startswith(("50", "社会")) for name, _ in names)


def test_names_in_credit_lines_are_no_facts(found: Found) -> None:
    names = found("青岚医疗完成C轮融资，由启明创投领投。（来源：新华社）\n编辑：王小明  审核：李华")
    assert {name for name, _ in names} == {"青岚医疗", "启明创投"}


def test_financing_subjects_after_adverbs_and_investments_by_a_company(found: Found) -> None:
    names = found("星岚光电宣布连续完成A轮及A+轮融资。青木医药获得复星医药战略投资。由奇绩创坛和蓝驰创投联合投资。"
                  "英特尔正在与台积电、三星方面洽谈。")
    assert {("星岚光电", "Company"), ("青木医药", "Company"), ("蓝驰创投", "Investor")} <= names
    assert not any(name in ("连续", "蓝驰创投联合投资", "三星方面") for name, _ in names)


def test_companies_named_by_joint_investing_and_founding_phrases(found: Found) -> None:
    names = found("红杉中国、高瓴创投联合领投了云启医疗的2亿元C轮融资。经纬创投超额跟投了青禾智能新一轮融资。"
                  "星辰航天于2018年在北京亦庄创立。")
    assert {("云启医疗", "Company"), ("青禾智能", "Company"), ("星辰航天", "Company")} <= names


def test_a_run_of_dates_before_no_financing_verb_is_read_in_linear_time(found: Found) -> None:
    # the dates before a financing verb were a nested repetition: 30 dates took exponential time
    assert found("星联智能" + "2021年3月15日" * 30 + "。") is not None
