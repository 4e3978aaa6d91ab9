"""Each pattern family on sentences written for the test (names are made up or well known)."""

from __future__ import annotations

import pytest

FOUND = [
    # organization grammar: core + type suffix
    ("本轮融资由星河资本领投，老股东继续跟投。", "星河资本", "Investor"),
    ("深圳市青松智能科技有限公司完成A轮融资。", "深圳市青松智能科技有限公司", "Company"),
    ("日前，江南大学食品研究院发布新成果。", "江南大学食品研究院", "Institute"),
    ("长江三角洲创新联盟正式成立。", "长江三角洲创新联盟", "Organization"),
    ("宁波市科学技术局印发通知。", "宁波市科学技术局", "Agency"),
    ("浏阳经济技术开发区管委会负责人介绍。", "浏阳经济技术开发区管委会", "Agency"),
    ("项目落户柳州高新区。", "柳州高新区", "Park"),
    ("公司入驻东湖光子产业园。", "东湖光子产业园", "Park"),
    ("药物新靶点国家重点实验室取得突破。", "药物新靶点国家重点实验室", "Institute"),
    ("中国软件开源促进会发布倡议。", "中国软件开源促进会", "Organization"),
    ("长三角集成电路创新联合体揭牌。", "长三角集成电路创新联合体", "Organization"),
    ("国家集成电路设计创新中心落户。", "国家集成电路设计创新中心", "Institute"),
    ("宁波市国资委发布通知。", "宁波市国资委", "Agency"),
    ("无锡市城市建设投资控股（集团）有限公司出资5亿元。", "无锡市城市建设投资控股（集团）有限公司", "Company"),
    # short names of academy units
    ("中科院微生物所团队发表论文。", "中科院微生物所", "Institute"),
    ("航天八院805所参与研制。", "航天八院805所", "Institute"),
    # names in quotes after a descriptor
    ("人工智能芯片公司“深思”宣布完成融资。", "深思", "Company"),
    ("孵化器“星火空间”已入驻企业三十家。", "星火空间", "Park"),
    # Latin names
    ("本轮由Sequoia Capital领投。", "Sequoia Capital", "Investor"),
    ("BAI 资本跟投。", "BAI 资本", "Investor"),
    ("Northwind Labs Group参与了本轮融资。", "Northwind Labs Group", "Company"),
    # people next to titles and speech verbs
    ("院长李明表示，将加快建设。", "李明", "Person"),
    ("首席科学家欧阳文介绍了进展。", "欧阳文", "Person"),
    ("刘洋教授团队提出新方法。", "刘洋", "Person"),
    ("该实验室周建华研究员指出，", "周建华", "Person"),
    ("工程师孙磊创立了这家公司。", "孙磊", "Person"),
    ("首席执行官约翰·史密斯向投资者致信。", "约翰·史密斯", "Person"),
    # policies by their ending, with a bracketed note
    ("科技厅印发《关于支持科技企业发展的若干措施（试行）》。", "《关于支持科技企业发展的若干措施（试行）》", "Policy"),
    ("《数字经济发展规划（2021-2025年）》明确提出。", "《数字经济发展规划（2021-2025年）》", "Policy"),
    # places by their unit, and bodies under a place
    ("在株洲市举行签约仪式。", "株洲市", "Location"),
    ("广东省科学技术厅发布通知。", "广东省科学技术厅", "Agency"),
    ("西安市人民政府印发方案。", "西安市人民政府", "Agency"),
]


@pytest.mark.parametrize(("text", "name", "label"), FOUND)
def test_pattern_finds(found, text: str, name: str, label: str) -> None:
    assert (name, label) in found(text)


def test_several_people_after_one_title(found) -> None:
    result = found("研究员王立新、张伟介绍了项目进展。")
    assert {("王立新", "Person"), ("张伟", "Person")} <= result


NOT_FOUND = [
    ("《中国城市创新报告2023》显示", "《中国城市创新报告2023》"),
    ("据《科技日报》报道", "《科技日报》"),
    ("该公司表示将继续加大研发投入。", "该公司"),
    ("第七届云栖大会在杭州举行。", "云栖大会"),
    ("金融科技领域的投资持续增长。", "金融科技"),
    ("该市场的科技成果不断涌现。", "科技成果"),
    ("发布会上展示了Apollo平台。", "Apollo"),
]


@pytest.mark.parametrize(("text", "name"), NOT_FOUND)
def test_out_of_scope_is_not_an_entity(recognize, text: str, name: str) -> None:
    assert name not in {m.text for m in recognize(text)}


def test_names_do_not_cross_sentences(recognize) -> None:
    texts = {m.text for m in recognize("合作研究取得新进展\n江南大学发布成果。")}
    assert "江南大学" in texts
    assert not any("进展" in t for t in texts)


def test_a_conjunction_inside_a_name_keeps_the_name_whole(found) -> None:  # type: ignore[no-untyped-def]
    names = found("合作方包括北京青岚和远信息技术有限公司。某某研究所材料与器件重点实验室发布成果。")
    assert ("北京青岚和远信息技术有限公司", "Company") in names
    assert ("某某研究所材料与器件重点实验室", "Institute") in names
    assert ("器件重点实验室", "Institute") not in names


def test_a_conjunction_between_two_names_still_separates_them(found) -> None:  # type: ignore[no-untyped-def]
    names = found("华为与青岚数科技术有限公司签约。")
    assert ("华为", "Company") in names
    assert ("青岚数科技术有限公司", "Company") in names


def test_a_company_named_after_a_known_company_is_its_unit(found) -> None:  # type: ignore[no-untyped-def]
    names = found("新组建的百度汽车公司将面向乘用车市场。百度等公司参与。")
    assert ("百度汽车公司", "Company") in names
    assert ("百度等公司", "Company") not in names


def test_a_bracketed_word_inside_a_registered_name_stays_in_it(found) -> None:  # type: ignore[no-untyped-def]
    names = found("上海青岚光刻装备（集团）股份有限公司发布新机型。园区企业星河光电科技（苏州）有限公司通过验收。")
    assert ("上海青岚光刻装备（集团）股份有限公司", "Company") in names
    assert ("星河光电科技（苏州）有限公司", "Company") in names


def test_a_preposition_before_a_name_is_not_its_surname(found) -> None:  # type: ignore[no-untyped-def]
    names = found("该公司由周光博士于2019年在深圳创立。")
    assert ("周光", "Person") in names
    assert ("由周光", "Person") not in names


def test_an_appointment_verb_is_no_part_of_the_name_after_it(found) -> None:  # type: ignore[no-untyped-def]
    names = found("王明当选青岚智能科技有限公司董事长。")
    assert ("青岚智能科技有限公司", "Company") in names
    assert not any(name.startswith("当选") for name, _ in names)


@pytest.mark.parametrize(("text", "name"), [
    ("2005年7月任洛阳市生物制药厂副厂长。", "洛阳市生物制药"),  # the post's verb: 任
    ("历任商务部外资司副司长。", "商务部"),
    ("首先我代表江苏省青年企业家协会致谢。", "江苏省青年企业家协会"),  # a pronoun, a verb
    ("7月22日国家发改委发布通知。", "国家发改委"),  # after a number 日 ends the name
    ("瑞年国际有限公司发布公告。", "瑞年国际有限公司"),  # elsewhere 年 is the name's own
])
def test_the_grammar_of_names_stops_at_a_verb_a_pronoun_or_a_date(found, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    names = {n for n, _ in found(text)}
    assert name in names
    assert not any(n.endswith(name) and n != name for n in names)


def test_a_declared_short_name_is_the_same_entity(recognize) -> None:  # type: ignore[no-untyped-def]
    mentions = recognize("青岚数智科技有限公司（以下简称“青岚数智”）完成B轮融资。青岚数智成立于2020年。")
    shorts = [m for m in mentions if m.text == "青岚数智"]
    assert shorts and all(m.label == "Company" and m.canonical == "青岚数智科技有限公司" for m in shorts)


def test_people_after_by_in_a_founding_clause(found) -> None:  # type: ignore[no-untyped-def]
    names = found("青岚科技由李青、赵远等人于2015年在杭州共同创立。本轮由星河资本领投。")
    assert {("李青", "Person"), ("赵远", "Person")} <= names
    assert not any(label == "Person" and name.startswith("星") for name, label in names)


def test_people_before_appointment_and_attendance_verbs(found) -> None:  # type: ignore[no-untyped-def]
    names = found("清华大学校长周林出席中国科学院院士大会。，王翔出任青岚集团总裁。创始人赵远任董事长。")
    assert {("周林", "Person"), ("王翔", "Person"), ("赵远", "Person"), ("中国科学院", "Institute")} <= names
    assert not any(name.startswith("清华大学校长") or name == "赵远任" for name, _ in names)


def test_a_joint_word_right_before_the_suffix_belongs_to_the_name(found) -> None:  # type: ignore[no-untyped-def]
    assert ("量子信息科学联合研究院", "Institute") in found("两校共同发起成立量子信息科学联合研究院。")


def test_round_and_currency_words_do_not_make_an_investor(found) -> None:  # type: ignore[no-untyped-def]
    names = found("公司获得新一轮投资，金额为近亿元人民币投资，由星河资本种子基金独家投资。")
    assert not any(label == "Investor" and name.endswith("投资") for name, label in names)
    assert ("星河资本种子基金", "Investor") in names


def test_the_subject_of_a_founding_phrase_is_a_company(found) -> None:  # type: ignore[no-untyped-def]
    names = found("青岚微生物成立于2016年，总部位于北京。该公司成立于2018年。")
    assert ("青岚微生物", "Company") in names
    assert not any(name.endswith("公司") for name, _ in names)


def test_a_round_is_no_investor_name(found) -> None:  # type: ignore[no-untyped-def]
    names = found("星衍光电获星河资本数千万元Pre-A轮投资。")
    assert not any(label == "Investor" and "轮" in name for name, label in names)


def test_a_former_mark_is_not_part_of_the_name(found) -> None:  # type: ignore[no-untyped-def]
    names = found("该公司由原江南大学教授周光创办。")
    assert ("江南大学", "Institute") in names
    assert ("原江南大学", "Institute") not in names


def test_a_joint_word_alone_names_nothing(found) -> None:  # type: ignore[no-untyped-def]
    names = found("青岚机器人与苏州大学共建联合实验室。园区升级为国家级经济技术开发区。")
    assert not any(name in ("联合实验室", "经济技术开发区") for name, _ in names)


def test_a_policy_forwarded_by_a_notice_without_brackets(found) -> None:  # type: ignore[no-untyped-def]
    names = found("浙江省人民政府办公厅关于印发浙江省科技创新发展“十四五”规划的通知。")
    assert ("浙江省科技创新发展“十四五”规划", "Policy") in names


@pytest.mark.parametrize(("text", "name"), [
    ("院长王强表示，将加快建设。", "王强"),
    ("秘书长李克强作工作报告。", "李克强"),
    ("李露女士说，项目已启动。", "李露"),
])
def test_given_names_that_share_a_character_with_a_speech_word(found, text, name) -> None:  # type: ignore[no-untyped-def]
    assert (name, "Person") in found(text)


@pytest.mark.parametrize("text", ["张博士指出，模型仍需改进。", "王教授介绍了进展。", "刘研究员强调，要重视安全。",
                                  "选举青岚研究院为理事长单位。"])
def test_a_surname_before_a_title_or_a_word_is_no_name(found, text) -> None:  # type: ignore[no-untyped-def]
    assert not any(label == "Person" for _, label in found(text))


def test_a_type_word_before_a_title_refers_to_the_name_before(recognize) -> None:  # type: ignore[no-untyped-def]
    mentions = recognize("中国软件产业联盟成立。会上，联盟秘书长周林作报告。青岚科技完成B轮融资，该公司董事长王明表示感谢。")
    references = {(m.text, m.label, m.canonical) for m in mentions if m.source == "reference"}
    assert references == {("联盟", "Organization", "中国软件产业联盟"), ("该公司", "Company", "青岚科技")}


def test_a_latin_name_released_or_used_is_a_product(found) -> None:  # type: ignore[no-untyped-def]
    names = found("青岚软件发布Cloud Office 2024。公司推出Apollo Go平台。由Northwind Capital领投。")
    assert not any(name.startswith(("Cloud", "Apollo")) for name, _ in names)
    assert ("Northwind Capital", "Investor") in names


def test_a_park_named_after_a_listed_park_is_a_park_inside_it(found) -> None:  # type: ignore[no-untyped-def]
    names = found("东湖高新区光谷生物城引进多家企业。")
    assert {("光谷生物城", "Park")} <= names
    assert not any(name.startswith("东湖高新区光谷") for name, _ in names)


def test_a_body_named_after_a_place_is_not_joined_to_the_words_before_the_conjunction(found) -> None:  # type: ignore[no-untyped-def]
    names = found("星岚巴巴和浙江省财政厅联合发布通知。")
    assert ("浙江省财政厅", "Agency") in names
    assert not any("和" in name for name, _ in names)


def test_a_foreign_name_ends_before_a_speech_word(found) -> None:  # type: ignore[no-untyped-def]
    assert ("帕特·基辛格", "Person") in found("英特尔CEO帕特·基辛格表示，将扩大投资。")


def test_a_name_that_opens_a_sentence_with_its_post(found) -> None:  # type: ignore[no-untyped-def]
    names = found("张亚勤，清华大学智能产业研究院院长。同时，青岚研究院院长出席。")
    assert ("张亚勤", "Person") in names
    assert not any(label == "Person" and name != "张亚勤" for name, label in names)


def test_founders_named_before_the_founding_verb(found) -> None:  # type: ignore[no-untyped-def]
    names = found("张三丰于2015年创立了青岚科技。李明创办了星河智能。王芳与李雷共同创立蓝鲸数科。"
                  "该公司由汪滔于2006年创办。景区全力创建国家4A级旅游景区。")
    assert {("张三丰", "Person"), ("李明", "Person"), ("星河智能", "Company"), ("王芳", "Person"), ("李雷", "Person"),
            ("汪滔", "Person")} <= names
    assert not any(name in ("由汪滔", "全力") or name.startswith("国家4A") for name, _ in names)


def test_a_listed_park_after_words_that_describe_it(found) -> None:  # type: ignore[no-untyped-def]
    names = found("作为数字经济的实践地云栖小镇吸引了大批企业。")
    assert ("云栖小镇", "Park") in names
    assert not any(name.endswith("地云栖小镇") for name, _ in names)


def test_foreign_names_without_the_interpunct_after_a_title(found) -> None:  # type: ignore[no-untyped-def]
    names = found("美国总统拜登签署法案。苹果CEO库克表示看好中国市场。公司CEO表示欢迎。")
    assert {("拜登", "Person"), ("库克", "Person"), ("中国", "Location")} <= names
    assert not any(name == "中国市" or (label == "Person" and name not in ("拜登", "库克")) for name, label in names)


def test_the_last_character_of_a_title_does_not_start_the_name(found) -> None:  # type: ignore[no-untyped-def]
    names = found("鹏城实验室主任高文院士介绍了进展。")
    assert ("高文", "Person") in names and ("任高文", "Person") not in names


def test_a_document_titled_after_its_issuer_without_brackets(found) -> None:  # type: ignore[no-untyped-def]
    names = found("国务院办公厅关于进一步优化营商环境的意见（国办发〔2022〕30号）。我们关于这个问题的意见是明确的。")
    assert ("关于进一步优化营商环境的意见", "Policy") in names
    assert not any(name.startswith("关于这个") for name, _ in names)


def test_prose_before_speech_words_names_no_one(found) -> None:  # type: ignore[no-untyped-def]
    text = ("会议指出，要全面贯彻落实新发展理念。文件强调，各地要高度重视科技创新。有关负责人表示，将加大支持力度。"
            "专家指出，产业前景广阔。公司表示，将继续加大研发投入。")
    assert not any(label == "Person" for _, label in found(text))


def test_kinds_of_bodies_in_policy_prose_name_nothing(found) -> None:  # type: ignore[no-untyped-def]
    names = found("建设一批国家重点实验室和新型研发机构。对省级工程技术研究中心给予支持。全市共有国家高新区3家。")
    assert not any(name in ("国家重点实验室", "工程技术研究中心") or name.startswith("全市") for name, _ in names)
    assert not any(name == "国家自主创新示范区" for name, _ in found("支持温州国家高新区建设国家自主创新示范区。"))
