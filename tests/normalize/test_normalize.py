"""Line joining, CJK spaces, offsets, sections and sentences on text written for the tests."""

from __future__ import annotations

import random

from kg.normalize import normalize
from kg.types import NormalizedDocument, SourceDocument

PDF_LIKE = (
    "高新区通讯\n"
    "2021年第3期  2021年3月15日\n"
    "\n"
    "【投 融 界】\n"
    "\n"
    "■ 地平线完成C2轮融资\n"
    "\n"
    "近日，人工智能芯片企业地平线宣布完成C2轮融资，融资\n"
    "\n"
    "金额为4亿美元。本轮融资由五源资本、高瓴创投、今日资\n"
    "本联合领投，宁德时代、比亚迪参投。地平线由余凯于 2015 年\n"
    "创立，总部位于北京。\n"
    "\n"
    "一、加强基础研究\n"
    "1. 北京字节跳动科技有限公司完成战略融资，由红杉资本中国\n"
    "2. 高瓴资本、GGV 纪源资本跟投，老股东软银愿景基金继续加码\n"
    "\n"
    "短标题新闻\n"
    "\n"
    "工业和信息化部印发《关于加快培育发展制造业优质企业的指导意见》；\n"
    "该《意见》提出“培育一批领航企业；支持专精特新”。\n"
)


def _doc(text: str) -> NormalizedDocument:
    return normalize(SourceDocument("t.txt", text, "0" * 64, "txt"))


def test_broken_lines_join_even_across_blank_lines() -> None:
    doc = _doc(PDF_LIKE)
    assert "融资金额为4亿美元" in doc.text
    assert "今日资本联合领投" in doc.text
    assert "余凯于2015年创立，总部位于北京。" in doc.text


def test_headings_items_and_paragraph_ends_do_not_merge() -> None:
    lines = _doc(PDF_LIKE).text.splitlines()
    assert "【投融界】" in lines
    assert "地平线完成C2轮融资" in lines
    assert "加强基础研究" in "".join(lines) and not any(
        line.startswith("一、加强基础研究1.") for line in lines
    )
    assert "短标题新闻" in lines
    assert any(line.endswith("由红杉资本中国") for line in lines)
    assert any(line.endswith("指导意见》；") for line in lines)


def test_cjk_spaces_dropped_latin_words_keep_one_space() -> None:
    doc = _doc("【新 动 向】\n2013 年，GGV 纪源资本与 Hillhouse   Capital 合作。\n")
    assert doc.text == "【新动向】\n2013年，GGV纪源资本与Hillhouse Capital合作。"


def test_markdown_emphasis_and_bullets_are_removed() -> None:
    doc = _doc("# 园区动态\n\n- **苏州工业园区企业信达生物**上市，俞德超任董事长。\n")
    assert "苏州工业园区企业信达生物上市" in doc.text
    assert "*" not in doc.text and "-" not in doc.text


def test_random_spans_map_back_to_original() -> None:
    doc = _doc(PDF_LIKE)
    src = doc.source.text
    rng = random.Random(7)
    assert len(doc.offsets) == len(doc.text) + 1
    for _ in range(300):
        start = rng.randrange(len(doc.text))
        end = rng.randrange(start + 1, len(doc.text) + 1)
        span = doc.original(start, end)
        assert span.text == src[span.start:span.end]
        kept = [src[doc.offsets[i]] for i in range(start, end)]
        removed = set(range(span.start, span.end)) - {doc.offsets[i] for i in range(start, end)}
        assert all(src[i].isspace() or src[i] in "*_■-" or not src[i].isprintable() for i in removed)
        assert len(kept) == end - start


def test_each_kept_char_is_its_original_or_a_one_char_fold() -> None:
    doc = _doc("ＡＢＣ公司２０２１年完成Ａ轮融资。\n")
    assert doc.text == "ABC公司2021年完成A轮融资。"
    for i, ch in enumerate(doc.text):
        assert doc.source.text[doc.offsets[i]] in (ch, chr(ord(ch) + 0xFEE0))


def test_sentences_carry_section_and_headline() -> None:
    doc = _doc(PDF_LIKE)
    by_text = {doc.text[s.start:s.end]: s for s in doc.sentences}
    heading = by_text["地平线完成C2轮融资"]
    assert heading.is_heading and heading.section == "投融界"
    money = by_text["本轮融资由五源资本、高瓴创投、今日资本联合领投，宁德时代、比亚迪参投。"]
    assert (money.section, money.headline, money.is_heading) == ("投融界", "地平线完成C2轮融资", False)
    quoted = by_text["该《意见》提出“培育一批领航企业；支持专精特新”。"]
    assert quoted.headline == "短标题新闻"
    titles = {(s.title, s.level) for s in doc.sections}
    assert ("投融界", 1) in titles and ("地平线完成C2轮融资", 2) in titles


def test_title_and_date() -> None:
    doc = _doc(PDF_LIKE)
    assert doc.title == "高新区通讯"
    assert doc.date == "2021-03-15"
    assert _doc("无日期的段落。\n").date is None


def test_wrapped_headline_and_fragment_lines_rejoin() -> None:
    text = (
        "【企 业 讯】\n\n"
        "■ 中芯国际（上海）十二英寸集成电路生产线建设项目（二期）\n\n"
        "开工\n\n"
        "据上海市经济和信息化委员会网站报道，“中芯国际临港\n\n"
        "产业园”项目在临港新片区启动建设，总投资约八百八十七亿元，这是上海近年来的重大项目之一。\n"
    )
    doc = _doc(text)
    lines = doc.text.splitlines()
    assert "中芯国际（上海）十二英寸集成电路生产线建设项目（二期）开工" in lines
    assert any(line.startswith("据上海市经济和信息化委员会网站报道，“中芯国际临港产业园”") for line in lines)
    assert [s.title for s in doc.sections if s.level == 2] == [
        "中芯国际（上海）十二英寸集成电路生产线建设项目（二期）开工"
    ]
