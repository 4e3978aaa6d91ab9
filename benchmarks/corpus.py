"""A seeded synthetic corpus in the genre: innovation-economy bulletins and one-sentence items.

    .venv/bin/python benchmarks/corpus.py --docs 1000 --seed 7 --out /tmp/corpus

Financing, policy, park and people news in the shapes kg reads: one-sentence items and
multi-section bulletins (``【投 融 界】`` headings, ``■`` headlines), a share of them with
lines broken every 30-40 characters as text copied out of a PDF is. Names come mostly from
a pool of a few hundred built from syllables and suffixes (科技, 资本, 高新区, ...), mixed
with names from ``ontology/lexicons/`` and, now and then, a name seen nowhere else, so that
names repeat across documents as they do in real bulletins. The same seed gives the same
corpus, byte for byte. File names say the kind: ``00042_item.txt``, ``00043_bulletin.txt``.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "ontology" / "lexicons"

SHORT_SHARE = 0.65
"""The share of one-sentence items; the rest are bulletins."""

SYLLABLES = ("启航", "星云", "智源", "芯联", "鼎华", "深瑞", "泰恒", "达睿", "博思", "创易", "峰越", "海川",
             "云帆", "极光", "天枢", "景行", "灵犀", "墨子", "青禾", "澜舟", "微见", "曜石", "弘远", "知行",
             "九章", "银河", "翼展", "元象", "光合", "麦田", "诺维", "思岚", "蓝箭", "衡石", "望潮", "北辰",
             "朗润", "沐曦", "砺剑", "合众", "中科", "华芯", "图灵", "数坤", "拓维", "睿新", "雅川", "松果")
COMPANY_FIELDS = ("科技", "智能", "生物", "医药", "半导体", "新能源", "机器人", "信息技术", "材料", "光电",
                  "数据", "航天", "储能", "医疗")
COMPANY_ENDS = ("", "", "", "有限公司", "股份有限公司")
INVESTOR_ENDS = ("资本", "创投", "基金", "投资", "产业基金", "创业投资")
PARK_ENDS = ("高新区", "产业园", "科技园", "经济技术开发区", "科学城", "软件园")
AGENCY_ENDS = ("科学技术局", "发展和改革委员会", "经济和信息化局", "人民政府", "财政局", "工业和信息化局")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国志宏鹏飞晓东海峰云龙文博宇浩然思远嘉欣一凡子轩"
ROUNDS = ("天使轮", "种子轮", "Pre-A轮", "A轮", "A+轮", "B轮", "B+轮", "C轮", "D轮", "Pre-IPO轮", "战略")
AMOUNTS = ("数千万元", "近亿元", "1亿元", "1.5亿元", "2亿元", "3亿元", "5000万元", "超10亿元人民币", "2亿美元",
           "数亿元", "近3000万元", "8000万元", "1.2亿美元")
USES = ("产品研发和市场拓展", "扩充研发团队", "产能建设", "临床试验推进", "海外市场布局", "核心技术攻关")
DOMAINS = ("人工智能芯片", "工业机器人", "创新药研发", "动力电池", "商业航天", "自动驾驶", "量子计算",
           "合成生物", "工业软件", "医学影像", "氢能装备", "碳化硅功率器件", "脑机接口", "智能制造")
TOPICS = ("加快培育发展人工智能产业", "促进科技成果转化", "支持专精特新中小企业高质量发展",
          "推动生物医药产业创新发展", "加快建设新型储能产业体系", "推进数字经济高质量发展",
          "支持未来产业发展", "强化企业科技创新主体地位", "优化营商环境", "推动低空经济发展")
POLICY_KINDS = ("的若干措施", "的实施方案", "的指导意见", "的若干政策", "的行动计划（2024-2026年）")
TITLES = ("董事长", "总经理", "CEO", "首席技术官", "总裁", "首席科学家")
HEADS = ("创新动态", "科技金融周报", "产业观察", "创投简报", "高新区工作简报")
SECTIONS = ("【投 融 界】", "【政 策 速 递】", "【园 区 动 态】", "【人 物】")


@lru_cache(maxsize=None)
def lexicon(name: str, limit: int = 60) -> tuple[str, ...]:
    """The first ``limit`` canonical names of ``ontology/lexicons/<name>.tsv`` (none if missing)."""
    path = LEXICONS / f"{name}.tsv"
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row["name"] for row in csv.DictReader(handle, delimiter="\t") if row.get("name")]
    return tuple(rows[:limit])


def cities() -> tuple[str, ...]:
    """Prefecture-level cities of ``Location.tsv`` without 市 (北京, 苏州, ...), a fixed few if it is missing."""
    names = tuple(n[:-1] for n in lexicon("Location", 200) if n.endswith("市") and len(n) == 3)
    return names or ("北京", "上海", "深圳", "杭州", "苏州", "合肥", "成都", "武汉", "西安", "南京")


@dataclass(frozen=True)
class Names:
    """The recurring names of one corpus, by kind."""

    companies: tuple[str, ...]
    investors: tuple[str, ...]
    parks: tuple[str, ...]
    agencies: tuple[str, ...]
    people: tuple[str, ...]


def _distinct(rng: random.Random, count: int, make: Callable[[], str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for _ in range(count * 20):
        if len(seen) >= count:
            break
        seen.setdefault(make(), None)
    return tuple(seen)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def company(rng: random.Random) -> str:
    return rng.choice(SYLLABLES) + rng.choice(COMPANY_FIELDS) + rng.choice(COMPANY_ENDS)


def investor(rng: random.Random) -> str:
    return rng.choice(SYLLABLES) + rng.choice(INVESTOR_ENDS)


def park(rng: random.Random, places: tuple[str, ...]) -> str:
    return rng.choice(places) + rng.choice(PARK_ENDS)


def agency(rng: random.Random, places: tuple[str, ...]) -> str:
    return rng.choice(places) + "市" + rng.choice(AGENCY_ENDS)


def name_pool(seed: int) -> Names:
    """A few hundred names, built combinatorially, plus some from the lexicons."""
    rng = random.Random(f"names-{seed}")
    places = cities()
    return Names(
        companies=_distinct(rng, 300, lambda: company(rng)) + lexicon("Company.tech", 40),
        investors=_distinct(rng, 120, lambda: investor(rng)) + lexicon("Investor", 40),
        parks=_distinct(rng, 60, lambda: park(rng, places)) + lexicon("Park", 20),
        agencies=_distinct(rng, 60, lambda: agency(rng, places)) + lexicon("Agency.ministries", 20),
        people=_distinct(rng, 200, lambda: person(rng)),
    )


class Writer:
    """Sentences of one corpus: draws names from the pool and, with ``fresh`` odds, makes a new one."""

    def __init__(self, names: Names, rng: random.Random, fresh: float = 0.05) -> None:
        self.names, self.rng, self.fresh = names, rng, fresh
        self.places = cities()

    def pick(self, pool: tuple[str, ...], make: Callable[[random.Random], str], k: int = 1) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < k:
            name = make(self.rng) if self.rng.random() < self.fresh else self.rng.choice(pool)
            if name not in chosen:
                chosen.append(name)
        return chosen

    def company(self, k: int = 1) -> list[str]:
        return self.pick(self.names.companies, company, k)

    def investor(self, k: int = 1) -> list[str]:
        return self.pick(self.names.investors, investor, k)

    def park(self) -> str:
        return self.pick(self.names.parks, lambda r: park(r, self.places))[0]

    def agency(self, k: int = 1) -> list[str]:
        return self.pick(self.names.agencies, lambda r: agency(r, self.places), k)

    def person(self) -> str:
        return self.pick(self.names.people, person)[0]

    def date(self) -> str:
        return f"{self.rng.randint(2019, 2025)}年{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"

    def policy(self) -> str:
        return f"关于{self.rng.choice(TOPICS)}{self.rng.choice(POLICY_KINDS)}"

    def more(self, low: int, high: int, *sentences: Callable[[], str]) -> list[str]:
        """``low`` to ``high`` sentences drawn from ``sentences`` (each made when drawn), none twice."""
        drawn = [self.rng.choice(sentences)() for _ in range(self.rng.randint(low, high))]
        return list(dict.fromkeys(drawn))

    # ---- one item of each kind: (headline, sentences) -----------------------------------

    def financing(self) -> tuple[str, list[str]]:
        r = self.rng
        target = self.company()[0]
        lead, *follow = self.investor(r.randint(2, 4))
        round_, amount = r.choice(ROUNDS), r.choice(AMOUNTS)
        first = r.choice((
            f"{target}完成{round_}融资，金额{amount}，由{lead}领投，{'、'.join(follow)}跟投。",
            f"{r.choice(('近日', self.date()))}，{target}宣布完成{round_}融资，融资金额{amount}。"
            f"本轮融资由{lead}领投，{'、'.join(follow)}跟投。",
            f"{target}获{lead}领投的{amount}{round_}融资，{'、'.join(follow)}参投。",
        ))
        more = self.more(1, 3, lambda: f"本轮融资将主要用于{r.choice(USES)}。",
                         lambda: f"{target}成立于{r.randint(2010, 2022)}年，总部位于{r.choice(self.places)}，"
                                 f"专注于{r.choice(DOMAINS)}。",
                         lambda: f"{self.investor()[0]}担任本轮融资的独家财务顾问。",
                         lambda: f"{target}创始人兼CEO{self.person()}表示，公司将持续投入{r.choice(DOMAINS)}研发。")
        return f"{target}完成{round_}融资", [first, *more]

    def policy_news(self) -> tuple[str, list[str]]:
        r = self.rng
        issuers = self.agency(r.choice((1, 1, 2)))
        title = self.policy()
        verb = r.choice(("印发", "发布", "出台"))
        first = f"{self.date()}，{'、'.join(issuers)}{'联合' if len(issuers) > 1 else ''}{verb}《{title}》。"
        more = self.more(0, 2, lambda: f"该文件提出，到{r.randint(2025, 2030)}年，{r.choice(DOMAINS)}产业规模显著提升。",
                         lambda: f"文件明确支持企业入驻{self.park()}，对新落户企业给予最高{r.randint(1, 9)}00万元奖励。",
                         lambda: f"{issuers[0]}负责组织实施。")
        return f"{issuers[0]}{verb}《{title}》", [first, *more]

    def park_news(self) -> tuple[str, list[str]]:
        r = self.rng
        where = self.park()
        firms = self.company(r.randint(1, 3))
        if len(firms) == 1:
            first = (f"{firms[0]}{r.choice(('正式落户', '入驻', '签约落户'))}{where}，"
                     f"项目总投资{r.choice(AMOUNTS)}，主要建设{r.choice(DOMAINS)}研发中心。")
        else:
            first = f"{where}举行重点项目集中签约仪式，{'、'.join(firms)}等{len(firms)}个项目落户。"
        more = [f"{where}目前已集聚{r.choice(DOMAINS)}企业{r.randint(20, 300)}家。"] if r.random() < 0.5 else []
        return f"{firms[0]}落户{where}", [first, *more]

    def people_news(self) -> tuple[str, list[str]]:
        r = self.rng
        who, firm, title = self.person(), self.company()[0], r.choice(TITLES)
        first = r.choice((f"{firm}宣布，{who}出任公司{title}。",
                          f"{who}任{firm}{title}。",
                          f"{firm}创始人{who}表示，公司将加快{r.choice(DOMAINS)}产品落地。"))
        more = self.more(0, 2, lambda: f"{who}此前任{self.company()[0]}{r.choice(TITLES)}。",
                         lambda: f"{self.investor()[0]}合伙人{self.person()}表示，看好{firm}的长期发展。")
        return f"{firm}任命{who}为{title}", [first, *more]

    SECTION_ITEMS = {0: financing, 1: policy_news, 2: park_news, 3: people_news}

    def item(self) -> str:
        """A one-sentence item."""
        kind = self.rng.choices(range(4), weights=(5, 2, 2, 2))[0]
        return self.SECTION_ITEMS[kind](self)[1][0] + "\n"

    def bulletin(self) -> str:
        """A multi-section bulletin; a third with lines cut mid-sentence as a PDF's text is."""
        r = self.rng
        lines = [f"{r.choice(self.places)}{r.choice(HEADS)}",
                 f"{r.randint(2019, 2025)}年第{r.randint(1, 24)}期  {self.date()}", ""]
        for section in sorted(r.sample(range(4), r.randint(2, 4))):
            lines += [SECTIONS[section], ""]
            for _ in range(r.randint(2, 4)):
                headline, sentences = self.SECTION_ITEMS[section](self)
                lines += [f"■ {headline}", "", "".join(sentences), ""]
        if r.random() < 1 / 3:
            width = r.randint(30, 40)
            lines = [part for line in lines for part in (_cut(line, width) if len(line) > width else [line])]
        return "\n".join(lines)


def _cut(line: str, width: int) -> list[str]:
    return [line[i : i + width] for i in range(0, len(line), width)]


def generate(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """``n`` documents as ``(file name, text)``; the same ``seed`` gives the same corpus."""
    writer = Writer(name_pool(seed), random.Random(seed))
    for i in range(n):
        if writer.rng.random() < SHORT_SHARE:
            yield f"{i:05d}_item.txt", writer.item()
        else:
            yield f"{i:05d}_bulletin.txt", writer.bulletin()


def write_corpus(n: int, seed: int, out: Path) -> list[Path]:
    """Write ``generate(n, seed)`` into ``out`` (created); the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate(n, seed):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    files = write_corpus(args.docs, args.seed, args.out)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    print(f"wrote {len(files):,} documents, {chars:,} characters, to {args.out}")


if __name__ == "__main__":
    main()
