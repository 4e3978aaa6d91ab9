"""Made-up entity names for training sentences: names nobody has listed, built like real ones.

The statistical layer exists to find names the lexicons do not know, so most training names
are composed from syllable tables (place + core word + industry + legal form, surname +
given name, foreign names joined with ·); known names from the ontology lexicons are mixed
in so the model also sees the real shapes. Every function takes the ``random.Random`` it
draws from, so generation stays deterministic for a seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, fields

from kg.ontology import Ontology, TypeNames

Maker = Callable[[random.Random], str]
"""Composes one made-up name from the ``random.Random`` it is given."""

PLACES = (
    "北京", "上海", "深圳", "杭州", "苏州", "南京", "成都", "武汉", "西安", "合肥", "广州", "天津",
    "重庆", "长沙", "青岛", "厦门", "宁波", "无锡", "济南", "郑州", "东莞", "佛山", "珠海", "大连",
    "沈阳", "哈尔滨", "昆明", "贵阳", "南昌", "福州", "常州", "绍兴", "嘉兴", "烟台", "洛阳", "芜湖",
    "中山", "惠州", "温州", "泉州", "长春", "太原", "石家庄", "兰州", "南宁", "海口", "乌鲁木齐",
)
DISTRICTS = ("海淀区", "朝阳区", "浦东新区", "南山区", "余杭区", "西湖区", "高新区", "江宁区", "天河区",
             "滨江区", "徐汇区", "福田区", "武侯区", "东湖新技术开发区", "雨花台区", "黄浦区", "闵行区")
COUNTRIES = ("美国", "德国", "日本", "以色列", "新加坡", "英国", "法国", "韩国", "瑞士", "芬兰", "荷兰",
             "哥伦比亚", "巴西", "印度", "澳大利亚", "加拿大", "瑞典", "意大利", "泰国", "越南")
CORES = (
    "星云", "云途", "华芯", "智源", "中科", "极光", "蓝海", "天工", "驭势", "深鉴", "昆仑", "翼航", "睿思",
    "微纳", "博创", "光启", "启明", "鸿泰", "嘉禾", "曜石", "数澜", "量旋", "本源", "擎天", "芯动", "易联",
    "同创", "凌云", "青禾", "赛智", "数衍", "灵犀", "云鲸", "鲲鹏", "北斗", "星环", "图灵", "墨子", "汇川",
    "新松", "长风", "瀚海", "紫光", "远景", "天数", "燧原", "寒武", "地平", "商汤", "海创", "卓越", "优必",
    "达闼", "晶泰", "碳元", "英诺", "锐捷", "禾赛", "速腾", "纵目", "黑芝", "沐曦", "壁仞", "摩尔", "思谋",
)
INDUSTRIES = (
    "科技", "信息技术", "智能科技", "生物科技", "医疗科技", "网络科技", "电子", "半导体", "微电子", "新能源",
    "机器人", "数据科技", "软件", "通信", "光电", "材料", "航天科技", "汽车科技", "环保科技", "医药",
    "量子科技", "人工智能", "智能装备", "精密仪器", "云计算", "信息", "传感技术", "储能技术",
)
LEGAL_FORMS = ("有限公司", "股份有限公司", "有限责任公司", "集团有限公司", "科技有限公司", "")
INVESTOR_ENDINGS = ("资本", "创投", "投资", "基金", "创业投资", "产业基金", "股权投资基金", "资产管理",
                    "投资管理有限公司", "创业投资有限公司", "私募基金", "天使基金", "风投")
AGENCY_BODIES = ("科学技术局", "经济和信息化局", "发展和改革委员会", "工业和信息化局", "人民政府", "财政局",
                 "商务局", "市场监督管理局", "人力资源和社会保障局", "科技局", "经信委", "发改委", "知识产权局")
NATIONAL_AGENCIES = ("国务院", "科技部", "工业和信息化部", "国家发展改革委", "财政部", "商务部", "教育部",
                     "国家知识产权局", "中国人民银行", "国家市场监督管理总局", "人力资源社会保障部", "工信部")
PARK_ENDINGS = ("高新技术产业开发区", "经济技术开发区", "高新区", "软件园", "科技园", "产业园", "工业园区",
                "科学城", "小镇", "创新园", "示范区", "自贸区", "生物医药产业园", "人工智能产业园")
PARK_THEMES = ("", "", "未来", "光谷", "智谷", "数字", "云谷", "硅谷", "海创", "梦想", "科创", "智造")
INSTITUTE_ENDINGS = ("大学", "研究院", "研究所", "重点实验室", "工程技术研究中心", "科学院", "理工大学",
                     "医院", "技术研究院", "创新研究院", "国家实验室")
INSTITUTE_FIELDS = ("人工智能", "先进制造", "集成电路", "生命科学", "智能计算", "新材料", "量子信息",
                    "脑科学", "数字经济", "光电技术", "空天信息", "海洋科学", "精准医学", "")
ORG_ENDINGS = ("产业联盟", "协会", "行业协会", "商会", "促进会", "基金会", "学会", "产业技术创新战略联盟",
               "创新联合体", "研究会", "联合会", "俱乐部")
ORG_FIELDS = ("人工智能", "智能网联汽车", "集成电路", "软件", "区块链", "生物医药", "大数据", "物联网",
              "工业互联网", "开源", "新能源汽车", "信息技术", "卫星导航", "虚拟现实", "机器人")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
            "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
            "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
            "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
            "欧阳", "司马", "上官", "诸葛")
GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀英", "华", "平", "刚", "建国", "志强", "晓东", "海峰", "永红", "立新", "文博", "思远", "子涵",
         "雨桐", "浩然", "嘉怡", "俊", "宏", "斌", "鹏", "雪", "琳", "晨", "宇", "凯", "峰", "毅", "欣",
         "国华", "红梅", "建华", "卫东", "春生", "德明", "亚勤", "一鸣", "小川", "振宇", "天明", "少华")
FOREIGN_PARTS = ("约翰", "迈克尔", "大卫", "玛丽", "安娜", "彼得", "托马斯", "詹姆斯", "威廉", "伊丽莎白",
                 "史密斯", "布朗", "琼斯", "米勒", "戴维斯", "威尔逊", "安德森", "泰勒", "马丁", "罗伯特",
                 "亚历山大", "卡尔", "汉斯", "索菲亚", "埃隆", "马斯克", "库克", "黄仁勋")
LATIN_CORES = ("Keep", "Nova", "Aurora", "Momenta", "Zenith", "Horizon", "Pony", "Vast", "Lumi", "Orbit",
               "Cobalt", "Quanta", "Helix", "Nimbus", "Vertex", "Apex", "Sigma", "Tenon", "Kite", "Mira")
LATIN_INVESTORS = ("GGV纪源资本", "IDG资本", "DCM中国", "SIG海纳亚洲", "Atomico", "General Atlantic",
                   "Tiger Global", "Accel", "Index Ventures", "Lightspeed", "Insight Partners", "KKR")
POLICY_TOPICS = ("促进人工智能产业发展", "支持科技型中小企业创新", "加快数字经济发展", "推进高新区高质量发展",
                 "加强知识产权保护", "促进集成电路产业发展", "支持新型研发机构建设", "推动制造业数字化转型",
                 "鼓励外商投资", "优化营商环境", "加快发展新能源汽车产业", "促进科技成果转化",
                 "支持专精特新企业发展", "加快培育新兴产业", "深化科技体制改革", "扩大有效投资")
POLICY_ENDINGS = ("若干意见", "实施意见", "指导意见", "行动方案", "实施方案", "若干措施", "若干政策",
                  "管理办法", "实施细则", "三年行动计划", "发展规划", "通知", "工作方案")


@dataclass
class NamePool:
    """Names to draw from, per ontology type: known ones from the lexicons plus made-up ones."""

    makers: dict[str, Maker]
    """Type name -> its name maker (``makers(ontology.types)``): the types a template slot may name."""
    known: dict[str, list[str]] = field(default_factory=dict)
    known_share: float = 0.3
    """How often a known (lexicon) name is drawn instead of a made-up one."""

    @classmethod
    def from_ontology(cls, ontology: Ontology) -> NamePool:
        """Made-up names for the ontology's role types, known ones from its lexicon."""
        known: dict[str, list[str]] = {}
        for entry in ontology.lexicon:
            names = [n for n in entry.names if 1 < len(n) <= 30 and "《" not in n]
            known.setdefault(entry.type, []).extend(names)
        return cls(makers(ontology.types), {k: sorted(set(v)) for k, v in known.items()})

    def draw(self, entity_type: str, rng: random.Random) -> str:
        """One name of ``entity_type``: a known one sometimes, a composed one otherwise."""
        known = self.known.get(entity_type)
        if known and rng.random() < self.known_share:
            return rng.choice(known)
        return self.makers[entity_type](rng)


def company(rng: random.Random) -> str:
    """``place + core + industry + legal form``, or shorter forms used in running text."""
    core = rng.choice(CORES)
    shape = rng.random()
    if shape < 0.35:
        return f"{rng.choice(PLACES)}{core}{rng.choice(INDUSTRIES)}{rng.choice(LEGAL_FORMS)}"
    if shape < 0.6:
        return f"{core}{rng.choice(INDUSTRIES)}"
    if shape < 0.75:
        return f"{core}{rng.choice(('集团', '股份', '科技', '智能', '医疗', '半导体'))}"
    if shape < 0.87:
        return rng.choice(LATIN_CORES) + rng.choice(("", "", "科技", " AI", "智能"))
    return f"{core}{rng.choice(CORES)}"


def investor(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.15:
        return rng.choice(LATIN_INVESTORS)
    prefix = rng.choice((rng.choice(CORES), rng.choice(PLACES) + rng.choice(CORES), rng.choice(CORES) + "中国"))
    return prefix + rng.choice(INVESTOR_ENDINGS)


def agency(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.35:
        return rng.choice(NATIONAL_AGENCIES)
    if shape < 0.7:
        return f"{rng.choice(PLACES)}市{rng.choice(AGENCY_BODIES)}"
    if shape < 0.85:
        return f"{rng.choice(DISTRICTS)}{rng.choice(('管委会', '人民政府', '科技局', '政府'))}"
    return f"{rng.choice(PLACES)}{rng.choice(PARK_ENDINGS[:3])}管委会"


def park(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)}{rng.choice(PARK_THEMES)}{rng.choice(PARK_ENDINGS)}"


def person(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return "·".join(rng.sample(FOREIGN_PARTS, 2))
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def policy(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.7:
        return f"《关于{rng.choice(POLICY_TOPICS)}的{rng.choice(POLICY_ENDINGS)}》"
    if shape < 0.85:
        return f"《{rng.choice(PLACES)}市{rng.choice(POLICY_TOPICS)}{rng.choice(POLICY_ENDINGS)}》"
    return f"《{rng.choice(ORG_FIELDS)}产业发展{rng.choice(POLICY_ENDINGS)}（2023—2025年）》"


def institute(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.3:
        return f"{rng.choice(PLACES)}{rng.choice(('大学', '理工大学', '科技大学', '工业大学', '交通大学'))}"
    if shape < 0.55:
        return f"中国科学院{rng.choice(INSTITUTE_FIELDS) or '自动化'}研究所"
    return f"{rng.choice(PLACES)}{rng.choice(INSTITUTE_FIELDS)}{rng.choice(INSTITUTE_ENDINGS)}"


def organization(rng: random.Random) -> str:
    prefix = rng.choice(("中国", rng.choice(PLACES), "全国", rng.choice(PLACES) + "市", ""))
    return f"{prefix}{rng.choice(ORG_FIELDS)}{rng.choice(ORG_ENDINGS)}"


def location(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.5:
        return rng.choice(PLACES)
    if shape < 0.7:
        return rng.choice(DISTRICTS)
    return rng.choice(COUNTRIES)


MAKERS: dict[str, Maker] = {
    "business": company, "investor": investor, "government": agency, "zone": park, "person": person,
    "document": policy, "research": institute, "body": organization, "place": location,
}
"""The name maker of each type role (``TypeNames``' fields); the ontology says which type plays it."""


def makers(types: TypeNames) -> dict[str, Maker]:
    """The makers keyed by the type that plays each role, in the roles' order."""
    return {getattr(types, f.name): MAKERS[f.name] for f in fields(types)}
