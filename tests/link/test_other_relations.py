import pytest

from kg.link import link, policy_aliases


def test_joint_issuers_each_get_an_edge_with_date_and_number(ontology, marked, triples):
    doc, ms = marked("2020年7月，[科技部|Agency]、[工信部|Agency]、[财政部|Agency]等17个部门共同印发"
                     "[《关于促进国家高新技术产业开发区高质量发展的若干意见》|Policy]（国发〔2020〕7号）。")
    rels = [r for r in link(doc, ms, ontology) if r.type == "ISSUED_POLICY"]
    assert {r.head.text for r in rels} == {"科技部", "工信部", "财政部"}
    assert {r.properties["date"] for r in rels} == {"2020年7月"}
    assert {r.properties["doc_number"] for r in rels} == {"国发〔2020〕7号"}


def test_short_policy_reference_resolves_to_full_title(ontology, marked, triples):
    full = "《北京市促进人工智能产业创新发展行动计划》"
    doc, ms = marked(f"本市将落实[{full}|Policy]。", "[北京市经信局|Agency]近日印发[《行动计划》|Policy]。")
    assert triples(link(doc, ms, ontology)) == {("北京市经信局", "ISSUED_POLICY", full)}
    assert policy_aliases(doc, ms, ontology) == {(ms[-1].start, ms[-1].end): full}
    doc, ms = marked(f"本市将落实[{full}|Policy]。", "[北京市经信局|Agency]近日印发[《行动计划》|Policy]。")
    assert link(doc, ms, ontology, without=frozenset({"coref"})) == []


def test_org_title_person_and_several_posts(ontology, marked, triples):
    doc, ms = marked("[中国电科|Company]副总经理[杨军|Person]表示，[清华大学|Institute]教授、"
                     "[北京智源人工智能研究院|Institute]院长[黄铁军|Person]出席。")
    got = {(r.head.text, r.tail.text, r.properties["title"]) for r in link(doc, ms, ontology)
           if r.type == "HOLDS_POSITION"}
    assert got == {("杨军", "中国电科", "副总经理"), ("黄铁军", "清华大学", "教授"),
                   ("黄铁军", "北京智源人工智能研究院", "院长")}


def test_one_title_several_people_and_former_posts(ontology, marked, triples):
    doc, ms = marked("[中国科学院自动化研究所|Institute]研究员[王飞|Person]、[张丽|Person]参与研发。",
                     "团队负责人[李明|Person]，[阿里巴巴|Company]副总裁。",
                     "原[微软|Company]、[亚马逊|Company]工程师[陈刚|Person]加入。")
    got = {(r.head.text, r.tail.text, r.properties["title"]) for r in link(doc, ms, ontology)
           if r.type == "HOLDS_POSITION"}
    assert got == {("王飞", "中国科学院自动化研究所", "研究员"), ("张丽", "中国科学院自动化研究所", "研究员"),
                   ("李明", "阿里巴巴", "副总裁"), ("陈刚", "微软", "工程师"), ("陈刚", "亚马逊", "工程师")}
    former = {r.tail.text for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION" and r.properties.get("former")}
    assert former == {"微软", "亚马逊"}


@pytest.mark.parametrize("line, former", [
    ("原[华为|Company]工程师[孙磊|Person]加入团队。", True),
    ("[华为|Company]原工程师[孙磊|Person]加入团队。", True),
    ("目前[华为|Company]工程师[孙磊|Person]表示看好。", False),
    ("[华为|Company]工程师[孙磊|Person]表示看好。", False),
])
def test_a_former_post_is_kept_apart_from_a_current_one(ontology, marked, line, former):
    doc, ms = marked(line)
    posts = [r for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION"]
    assert [bool(r.properties.get("former")) for r in posts] == [former]


@pytest.mark.parametrize("line, founder, company", [
    ("[周涛|Person]创建了[杭州星海数据科技有限公司|Company]。", "周涛", "杭州星海数据科技有限公司"),
    ("[吴昊|Person]于2009年创立[北京青禾生物科技有限公司|Company]。", "吴昊", "北京青禾生物科技有限公司"),
    ("[北京青禾生物科技有限公司|Company]的创始人是[吴昊|Person]。", "吴昊", "北京青禾生物科技有限公司"),
    ("[上海极光能源有限公司|Company]由[郑凯|Person]创办。", "郑凯", "上海极光能源有限公司"),
    ("[苏州蓝湾机器人有限公司|Company]创始人兼CEO[钱峰|Person]表示，公司将扩产。", "钱峰", "苏州蓝湾机器人有限公司"),
    ("[蓝湾机器人|Company]联合创始人[钱峰|Person]介绍了产品。", "钱峰", "蓝湾机器人"),
])
def test_founders_in_every_common_form(ontology, marked, triples, line, founder, company):
    doc, ms = marked(line)
    assert (founder, "FOUNDED", company) in triples(link(doc, ms, ontology))


def test_a_former_founder_title_is_no_founding_news(ontology, marked, triples):
    doc, ms = marked("原[蓝湾机器人|Company]创始人[钱峰|Person]加入[华为|Company]。")
    assert not {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"}


def test_founded_by_and_jointly_established(ontology, marked, triples):
    doc, ms = marked("[深度求索|Company]成立于2023年7月，由[幻方量化|Investor]创立。",
                     "[北京大学|Institute]和[百度|Company]共同发起成立[中国人工智能产业联盟|Organization]。")
    rels = [r for r in link(doc, ms, ontology) if r.type == "FOUNDED"]
    assert triples(rels) == {("幻方量化", "FOUNDED", "深度求索"), ("北京大学", "FOUNDED", "中国人工智能产业联盟"),
                             ("百度", "FOUNDED", "中国人工智能产业联盟")}
    assert rels[0].properties["date"] == "2023年7月"


def test_a_new_unit_named_after_the_subject_is_founded_by_it(ontology, marked, triples):
    doc, ms = marked("■ [青岚科技|Company]宣布组建汽车公司",
                     "新组建的[青岚科技汽车公司|Company]将面向乘用车市场。",
                     "新组建的[青岚科技公司|Company]负责研发。")
    founded = {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"}
    assert founded == {("青岚科技", "FOUNDED", "青岚科技汽车公司")}  # 青岚科技公司 is 青岚科技 itself


def test_located_in_patterns(ontology, marked, triples):
    doc, ms = marked("[寒武纪|Company]总部位于[北京|Location]。",
                     "[苏州工业园区|Park][信达生物|Company]发布新药。",
                     "[云栖小镇|Park]引进[阿里云|Company]、[数梦工场|Company]等企业。",
                     "[蔚来|Company]在[合肥|Location]启动建设新园区。")
    assert triples(link(doc, ms, ontology)) == {
        ("寒武纪", "LOCATED_IN", "北京"), ("信达生物", "LOCATED_IN", "苏州工业园区"),
        ("苏州工业园区", "LOCATED_IN", "苏州"),
        ("阿里云", "LOCATED_IN", "云栖小镇"), ("数梦工场", "LOCATED_IN", "云栖小镇"),
        ("蔚来", "LOCATED_IN", "合肥")}


def test_disallowed_ends_are_refused(ontology, marked):
    doc, ms = marked("[北京|Location]位于[华北|Location]。")
    assert link(doc, ms, ontology) == []


def test_unknown_rule_kind_names_the_file(ontology, marked, tmp_path):
    import shutil

    import pytest

    from kg.errors import OntologyError
    from kg.ontology import load_ontology

    copy = tmp_path / "onto"
    shutil.copytree(ontology.directory, copy)
    (copy / "rules" / "relations.yaml").write_text("rules:\n  - name: x\n    kind: telepathy\n", encoding="utf-8")
    doc, ms = marked("[寒武纪|Company]位于[北京|Location]。")
    with pytest.raises(OntologyError, match=r"relations\.yaml.*telepathy"):
        link(doc, ms, load_ontology(copy))


def test_place_prefixed_names_and_place_park_adjacency(ontology, marked, triples):
    doc, ms = marked("[杭州数澜科技|Company]完成融资。", "[杭州|Location][云栖小镇|Park]举办活动。")
    got = triples(link(doc, ms, ontology))
    assert ("杭州数澜科技", "LOCATED_IN", "杭州") in got
    assert ("云栖小镇", "LOCATED_IN", "杭州") in got
    prefixed = next(r for r in link(doc, ms, ontology) if r.rule == "located.name_prefix")
    assert prefixed.tail.canonical == "杭州市" and doc.text[prefixed.tail.start:prefixed.tail.end] == "杭州"
    doc, ms = marked("[中国电科|Company]发布新品，[北京大学|Institute]参加。")
    assert link(doc, ms, ontology) == []


def test_self_investment_is_refused(ontology, marked):
    doc, ms = marked("[蛙声科技|Company]完成A轮融资，[苏州蛙声科技有限公司|Company]领投。")
    assert [r for r in link(doc, ms, ontology) if r.type == "INVESTS_IN"] == []


def test_founder_with_a_former_post_is_the_founder_not_the_former_employers(ontology, marked, triples):
    doc, ms = marked("[蛙声科技|Company]成立于2018年5月，由[西北大学|Institute]博士、原[微软|Company]工程师[辛鑫|Person]创立。")
    assert {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"} == {("辛鑫", "FOUNDED", "蛙声科技")}


def test_unit_inside_the_organization_keeps_the_title_word(ontology, marked):
    doc, ms = marked("[中国科学院物理研究所|Institute]超导国家重点实验室研究员[周兴江|Person]介绍。")
    (rel,) = link(doc, ms, ontology)
    assert (rel.tail.text, rel.properties["title"]) == ("中国科学院物理研究所", "研究员")


def test_short_policy_reference_gets_canonical_even_without_an_issuer(ontology, marked):
    full = "《关于加快建设全国一体化大数据中心协同创新体系的指导意见》"
    doc, ms = marked(f"[国家发展改革委|Agency]印发[{full}|Policy]。", "[《意见》|Policy]提出四项任务。")
    assert policy_aliases(doc, ms, ontology) == {(ms[-1].start, ms[-1].end): full}
    assert policy_aliases(doc, ms, ontology, frozenset({"coref"})) == {}


def test_resolve_makes_a_short_reference_and_its_full_title_one_policy(ontology, marked):
    from kg.resolve import resolve

    full = "《关于加快建设全国一体化大数据中心协同创新体系的指导意见》"
    doc, ms = marked(f"[国家发展改革委|Agency]印发[{full}|Policy]。", "[《意见》|Policy]提出四项任务。")
    before = [(m.start, m.end, m.canonical) for m in ms]
    ex = resolve(doc, ms, link(doc, ms, ontology), ontology, policy_aliases(doc, ms, ontology))
    policies = [e for e in ex.entities if e.type == "Policy"]
    assert [(p.name, len(p.mentions)) for p in policies] == [(full, 2)]
    assert [(m.start, m.end, m.canonical) for m in ms] == before  # resolve read the mentions, changed none


def _with_inner(ms, length: int, label: str = "Institute"):
    from kg.types import Mention

    outer = ms[0]
    inner = Mention(outer.start, outer.start + length, outer.text[:length], label)
    return sorted([*ms, inner], key=lambda m: (m.start, -m.end))


def test_post_is_at_the_longer_name_unless_it_is_a_unit_inside(ontology, marked, triples):
    doc, ms = marked("[清华大学智能产业研究院|Institute]院长[张亚勤|Person]表示。")
    got = triples(link(doc, _with_inner(ms, 4), ontology))
    assert ("张亚勤", "HOLDS_POSITION", "清华大学智能产业研究院") in got
    assert ("张亚勤", "HOLDS_POSITION", "清华大学") not in got
    doc, ms = marked("[合肥物质科学研究院强磁场科学中心|Institute]研究员[李明远|Person]介绍。")
    got = triples(link(doc, _with_inner(ms, 9), ontology))
    assert ("李明远", "HOLDS_POSITION", "合肥物质科学研究院") in got
    assert not any(t[2].endswith("中心") for t in got)


def test_a_brand_that_begins_with_a_place_is_not_located_by_its_name(ontology, marked, triples):
    doc, ms = marked("[宁德时代|Company]发布新电池，[宁德星辰科技|Company]参加。")
    got = triples(link(doc, ms, ontology))
    assert ("宁德星辰科技", "LOCATED_IN", "宁德") in got
    assert not any(t[0] == "宁德时代" for t in got)


def test_build_at_takes_the_subject_of_its_clause(ontology, marked, triples):
    doc, ms = marked("据[湖南省工业和信息化厅|Agency]报道，“[星沙第三代半导体产业园|Park]”在[长沙高新区|Park]启动开工建设。")
    assert ("星沙第三代半导体产业园", "LOCATED_IN", "长沙高新区") in triples(link(doc, ms, ontology))


def test_founder_named_after_by_when_the_subject_stands_before(ontology, marked, triples):
    doc, ms = marked("[青岚科技|Company]由[周光|Person]博士于2019年在[深圳|Location]创立。")
    assert ("周光", "FOUNDED", "青岚科技") in triples(link(doc, ms, ontology))


def test_located_at_a_place_described_before_the_company(ontology, marked, triples):
    doc, ms = marked("总部位于[苏州工业园区|Park]的[青岚生物|Company]发布新药。")
    assert ("青岚生物", "LOCATED_IN", "苏州工业园区") in triples(link(doc, ms, ontology))


def test_appointment_verbs_between_person_and_organization(ontology, marked, triples):
    doc, ms = marked("[王翔|Person]出任[青岚集团|Company]总裁。",
                     "[赵远|Person]当选[南方理工大学|Institute]校长。",
                     "[李青|Person]现任[星河科技|Company]董事长兼首席执行官。")
    assert {t for t in triples(link(doc, ms, ontology)) if t[1] == "HOLDS_POSITION"} == {
        ("王翔", "HOLDS_POSITION", "青岚集团"), ("赵远", "HOLDS_POSITION", "南方理工大学"),
        ("李青", "HOLDS_POSITION", "星河科技")}
    titles = {r.properties["title"] for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION"}
    assert titles == {"总裁", "校长", "董事长", "首席执行官"}  # 兼: each post its own edge


def test_partners_joined_by_an_adverb_and_conjunction_found_together(ontology, marked, triples):
    doc, ms = marked("[中国科学院|Institute]将与[清华大学|Institute]共同发起成立[量子联合研究院|Institute]。")
    assert {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"} == {
        ("中国科学院", "FOUNDED", "量子联合研究院"), ("清华大学", "FOUNDED", "量子联合研究院")}


def test_located_takes_the_subject_not_the_founder_named_between(ontology, marked, triples):
    doc, ms = marked("[青岚科技|Company]由[李青|Person]于2014年创立，总部位于[上海市|Location]。")
    assert ("青岚科技", "LOCATED_IN", "上海市") in triples(link(doc, ms, ontology))


def test_a_clause_without_a_subject_is_located_by_the_sentence_subject(ontology, marked, triples):
    doc, ms = marked("[青岚生物|Company]成立于2016年，由原[江南大学|Institute]教授[周光|Person]创办，"
                     "总部落户于[北京经济技术开发区|Park]。",
                     "位于[深圳市|Location][南山区|Location]的[星河视觉|Company]发布新芯片。")
    located = {t for t in triples(link(doc, ms, ontology)) if t[1] == "LOCATED_IN"}
    assert ("青岚生物", "LOCATED_IN", "北京经济技术开发区") in located
    assert ("江南大学", "LOCATED_IN", "北京经济技术开发区") not in located
    assert ("星河视觉", "LOCATED_IN", "深圳市") in located


def test_both_parties_of_an_agreement_found_what_they_build(ontology, marked, triples):
    doc, ms = marked("[苏州青岚机器人有限公司|Company]（简称“[青岚机器人|Company]”）与[苏州大学|Institute]签署协议，"
                     "双方将共建[智能机器人联合实验室|Institute]。")
    founded = {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"}
    assert founded == {("青岚机器人", "FOUNDED", "智能机器人联合实验室"), ("苏州大学", "FOUNDED", "智能机器人联合实验室")}


def test_a_post_taken_adds_to_the_posts_held(ontology, marked, triples):
    doc, ms = marked("[中国科学院|Institute]院士、[北京大学|Institute]教授[张平|Person]当选[中国应用数学学会|Organization]理事长。")
    posts = {t for t in triples(link(doc, ms, ontology)) if t[1] == "HOLDS_POSITION"}
    assert ("张平", "HOLDS_POSITION", "中国应用数学学会") in posts
    assert ("张平", "HOLDS_POSITION", "北京大学") in posts


def test_a_notice_names_the_policy_it_forwards(ontology, marked, triples):
    doc, ms = marked("[浙江省人民政府办公厅|Agency]关于印发[浙江省科技创新发展规划|Policy]的通知。")
    assert ("浙江省人民政府办公厅", "ISSUED_POLICY", "浙江省科技创新发展规划") in triples(link(doc, ms, ontology))


def test_a_post_at_the_company_the_text_is_about(ontology, marked, triples):
    doc, ms = marked("■ [青岚量子|Company]完成B轮融资",
                     "[中国科学技术大学|Institute]教授[郭平|Person]担任公司首席科学家。")
    posts = {(t, r.properties["title"]) for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION"
             for t in [(r.head.text, r.tail.text)]}
    assert posts == {(("郭平", "中国科学技术大学"), "教授"), (("郭平", "青岚量子"), "首席科学家")}


def test_a_verb_before_the_title_is_not_part_of_it(ontology, marked, triples):
    doc, ms = marked("会议选举[青岚研究院|Institute]院长[周林|Person]为理事长。",
                     "[青岚研究院|Institute]为理事长单位，[周林|Person]，[中国软件产业联盟|Organization]为理事长。")
    titles = {r.properties["title"] for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION"}
    assert "为理事长" not in titles and "理事长" in titles


def test_a_park_inside_a_park(ontology, marked, triples):
    doc, ms = marked("[苏州工业园区|Park]内的[独墅湖科教创新区|Park]新增研发机构。",
                     "[东湖高新区|Park][光谷生物城|Park]引进[华大基因|Company]等企业。")
    located = {t for t in triples(link(doc, ms, ontology)) if t[1] == "LOCATED_IN"}
    assert {("独墅湖科教创新区", "LOCATED_IN", "苏州工业园区"), ("光谷生物城", "LOCATED_IN", "东湖高新区"),
            ("华大基因", "LOCATED_IN", "光谷生物城")} <= located


def test_a_founding_date_between_founder_and_verb(ontology, marked, triples):
    doc, ms = marked("[张三丰|Person]于2015年创立了[青岚科技|Company]。",
                     "[王芳|Person]与[李雷|Person]共同创立[蓝鲸数科|Company]。")
    assert {t for t in triples(link(doc, ms, ontology)) if t[1] == "FOUNDED"} == {
        ("张三丰", "FOUNDED", "青岚科技"), ("王芳", "FOUNDED", "蓝鲸数科"), ("李雷", "FOUNDED", "蓝鲸数科")}


def test_a_post_taken_in_the_next_clause_is_at_the_organization_named_before(ontology, marked, triples):
    doc, ms = marked("[李明|Person]创办了[星河智能|Company]，并担任董事长。",
                     "[王芳|Person]参观了[青岚科技|Company]，并发表讲话。")
    posts = {(r.head.text, r.tail.text, r.properties["title"]) for r in link(doc, ms, ontology) if r.type == "HOLDS_POSITION"}
    assert posts == {("李明", "星河智能", "董事长")}


def test_a_title_right_after_its_agency_is_its_document(ontology, marked, triples):
    doc, ms = marked("[国务院办公厅|Agency][关于进一步优化营商环境的意见|Policy]（国办发〔2022〕30号）")
    rels = [r for r in link(doc, ms, ontology) if r.type == "ISSUED_POLICY"]
    assert [(r.head.text, r.properties.get("doc_number")) for r in rels] == [("国务院办公厅", "国办发〔2022〕30号")]


def test_a_title_after_a_possessive_founder_title_is_a_post_too(ontology, marked, triples):
    doc, ms = marked("[星河智能|Company]的联合创始人、首席执行官[周明远|Person]表示，公司将扩大研发团队。")
    assert triples(link(doc, ms, ontology)) == {
        ("周明远", "FOUNDED", "星河智能"), ("周明远", "HOLDS_POSITION", "星河智能")}


def test_a_clause_that_names_only_the_title_posts_at_the_sentence_opener(ontology, marked, triples):
    doc, ms = marked("[云帆机器人|Company]成立于2016年，创始人为[李思源|Person]。",
                     "[星海生物|Company]总部位于[上海|Location]，董事长为[王海涛|Person]。",
                     "据了解，创始人为[赵一|Person]。",
                     "[华为|Company]与[中兴|Company]合作，董事长为[钱二|Person]。")
    assert triples(link(doc, ms, ontology)) == {
        ("李思源", "FOUNDED", "云帆机器人"), ("王海涛", "HOLDS_POSITION", "星海生物"), ("星海生物", "LOCATED_IN", "上海")}


def test_a_copula_states_the_founding_and_the_further_post(ontology, marked, triples):
    doc, ms = marked("[周可心|Person]是[云岫数据|Company]的创始人兼CEO。")
    rels = link(doc, ms, ontology)
    assert triples(rels) == {("周可心", "FOUNDED", "云岫数据"), ("周可心", "HOLDS_POSITION", "云岫数据")}
    assert {r.properties.get("title") for r in rels if r.type == "HOLDS_POSITION"} == {"CEO"}
    doc, ms = marked("[王若溪|Person]系[东岭银行|Company]副行长。", "[王若溪|Person]是[东岭银行|Company]的客户。")
    assert {(r.tail.text, r.properties["title"]) for r in link(doc, ms, ontology)} == {("东岭银行", "副行长")}


@pytest.mark.parametrize("sentence", [
    "[远帆集团|Company]联合[星桥资本|Investor]成立了[远帆数字科技有限公司|Company]。",
    "[远帆集团|Company]与[星桥资本|Investor]共同成立了[远帆数字科技有限公司|Company]。",
])
def test_organizations_founding_an_organization_together(ontology, marked, triples, sentence):
    doc, ms = marked(sentence)
    assert triples(link(doc, ms, ontology)) == {("远帆集团", "FOUNDED", "远帆数字科技有限公司"),
                                                ("星桥资本", "FOUNDED", "远帆数字科技有限公司")}


def test_a_company_described_as_coming_from_a_place(ontology, marked, triples):
    doc, ms = marked("来自[成都|Location]的[云岫科技|Company]获得千万元天使轮融资。")
    assert ("云岫科技", "LOCATED_IN", "成都") in triples(link(doc, ms, ontology))
    doc, ms = marked("[李若溪|Person]来自[东岭大学|Institute]。")
    assert not triples(link(doc, ms, ontology))


@pytest.mark.parametrize("sentence, title", [
    ("[东岭省科技厅|Agency]高新处处长[王若溪|Person]介绍了情况。", "高新处处长"),
    ("[远帆集团|Company]研发中心主任[李海涛|Person]表示。", "研发中心主任"),
    ("[远帆集团|Company]副总经理[李海涛|Person]表示。", "副总经理"),
])
def test_a_unit_before_the_title_stays_in_it_and_the_post_is_at_the_body(ontology, marked, sentence, title):
    doc, ms = marked(sentence)
    assert [(r.tail.text, r.properties["title"]) for r in link(doc, ms, ontology)] == [(ms[0].text, title)]
