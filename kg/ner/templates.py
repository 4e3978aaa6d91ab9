"""Sentence templates in the style of Chinese innovation bulletins (written for kg, not copied).

``{Type}`` slots (an ontology entity type, optionally numbered: ``{Company2}``) become labelled
names; lower-case slots (``{round}``, ``{amount}``, ``{date}``, ``{title}``, ``{field}``,
``{number}``) become plain, unlabelled text. Hard cases are here on purpose: names after
descriptors (科技企业X), in quotes, Latin names, lists with 、 and 等, people after titles.
"""

from __future__ import annotations

FINANCING = (
    "近日，{Company}宣布完成{amount}{round}融资，本轮融资由{Investor}领投，{Investor2}跟投。",
    "{date}，人工智能企业{Company}完成{round}融资，融资金额达{amount}，{Investor}独家投资。",
    "据悉，{Company}{round}融资由{Investor}、{Investor2}联合领投，老股东{Investor3}继续加码。",
    "本轮融资由{Investor}领投，{Investor2}、{Investor3}等机构跟投，资金将主要用于研发投入和市场拓展。",
    "{Company}获{Investor}{amount}战略投资，双方将在{field}领域展开深度合作。",
    "投融界消息，{Location}初创公司{Company}近日完成{amount}{round}融资，由{Investor}领投。",
    "{Investor}宣布参投{Company}{round}融资，这是该机构今年在{field}赛道的第{number}笔投资。",
    "成立仅两年的“{Company}”已累计获得{Investor}、{Investor2}等知名机构超过{amount}的投资。",
    "{Company}日前完成新一轮融资，投资方包括{Investor}、{Company2}和{Investor2}。",
    "{Company}（{Location}）完成{round}融资，{Investor}担任本轮独家财务顾问。",
    "{Company2}追加投资{Company}，持股比例提升至{number}%。",
    "{Company}创始人兼CEO{Person}表示，本轮资金将用于扩充研发团队。",
    "{Investor}合伙人{Person}认为，{Company}在{field}方面具备领先优势。",
    "{date}，{Company}完成{round}融资，{Investor}领投，{Company2}、{Investor2}参投。",
)
POLICY = (
    "{date}，{Agency}印发{Policy}，提出到2025年培育一批具有国际竞争力的创新型企业。",
    "{Agency}、{Agency2}联合印发{Policy}，明确了{number}项重点任务。",
    "为贯彻落实{Policy}，{Agency}近日出台{Policy2}。",
    "{Agency}日前发布{Policy}，对符合条件的企业给予最高{amount}的资金支持。",
    "根据{Agency}制定的{Policy}，{Location}将在三年内建设{number}个创新平台。",
    "{Agency}、{Agency2}和{Agency3}等部门联合发布{Policy}。",
    "近日，{Location}出台{Policy}，{Agency}相关负责人对政策要点进行了解读。",
    "{Agency}下发{Policy}，要求各地加快推进{field}产业集群建设。",
)
PARK = (
    "{Company}总部位于{Park}，是当地重点培育的{field}企业。",
    "{date}，{Company}与{Park}签约，将在园区建设研发中心和生产基地。",
    "{Park}企业{Company}入选国家级专精特新“小巨人”企业名单。",
    "截至目前，{Park}已集聚{Company}、{Company2}、{Company3}等{number}余家科技企业。",
    "{Institute}{field}研究中心正式落户{Park}。",
    "{Park}与{Company}签署战略合作协议。",
    "{Location}{Company}项目在{Park}启动建设，总投资{amount}。",
    "位于{Location}{Park}的{Company}今年营收突破{amount}。",
    "{Company}入驻{Park}，成为园区首家{field}独角兽企业。",
    "在{Park}，{Organization}正推动上下游企业协同创新。",
)
POSITION = (
    "{Agency}{title}{Person}出席会议并致辞。",
    "{Institute}{title}{Person}介绍了{field}领域的最新研究进展。",
    "{Company}{title}{Person}在发布会上表示，公司将持续加大研发投入。",
    "会议由{Organization}{title}{Person}主持。",
    "{Person}现任{Company}{title}，曾在{Company2}担任技术负责人。",
    "{Agency}{title}{Person}、{Institute}{title2}{Person2}等嘉宾出席活动。",
    "据{Company}{title}{Person}介绍，该项目预计年内投产。",
    "{Person}（{Institute}{title}）在论坛上作主题演讲。",
    "出席活动的还有{Location}副市长{Person}、{Agency}{title}{Person2}。",
    "{Investor}创始合伙人{Person}与{Company}董事长{Person2}共同为新中心揭牌。",
)
FOUNDING = (
    "{Company}由{Person}于2015年在{Location}创立，专注于{field}技术研发。",
    "{Person}创办的{Company}已成长为行业领军企业。",
    "{Institute}与{Company}共同组建{Institute2}。",
    "{Organization}由{Company}、{Company2}、{Institute}等单位发起成立。",
    "{date}，{Agency}牵头组建{Organization}，首批成员单位{number}家。",
    "{Person}、{Person2}共同创立了{Company}，两人均毕业于{Institute}。",
    "2018年，{Company}联合{Institute}成立{Institute2}，聚焦{field}前沿技术。",
)
GENERAL = (
    "{Organization}在{Location}召开年会，{Company}、{Company2}等企业代表参会。",
    "{Institute}与{Company}签署产学研合作协议，共建{field}联合实验室。",
    "“{Company}”入选{Organization}发布的{field}创新企业榜单。",
    "{Company}与{Company2}达成合作，共同开拓{Location}市场。",
    "{Location}、{Location2}两地企业在{Park}举行项目对接会。",
    "{Company}发布新一代产品，{Institute}专家给予高度评价。",
    "由{Agency}指导、{Organization}主办的创新创业大赛在{Location}落幕，{Company}获一等奖。",
    "{Company}成功登陆科创板，成为{Park}第{number}家上市企业。",
    "{Company}在{Location}设立海外研发中心，{Person}出任负责人。",
)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "financing": FINANCING, "policy": POLICY, "park": PARK, "position": POSITION,
    "founding": FOUNDING, "general": GENERAL,
}

ROUNDS = ("天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "B+轮", "C轮", "C2轮", "D轮", "E轮", "F轮",
          "战略", "Pre-IPO轮", "种子轮", "数亿元B轮", "新一轮")
AMOUNTS = ("数千万元", "近亿元", "1.2亿元", "3.6亿美元", "5000万元", "数亿元", "超10亿元", "2000万美元",
           "8亿元人民币", "上亿元", "1亿元", "数百万美元", "15亿元")
DATES = ("近日", "日前", "3月15日", "2023年6月", "2022年12月28日", "本月初", "上周", "11月8日", "今年以来")
TITLES = ("董事长", "总经理", "副总经理", "首席执行官", "CEO", "CTO", "首席科学家", "院长", "副院长",
          "主任", "副主任", "局长", "副局长", "党委书记", "秘书长", "理事长", "会长", "副会长", "教授",
          "研究员", "总裁", "副总裁", "创始人", "联合创始人", "所长", "部长", "副部长", "合伙人")
FIELDS = ("人工智能", "集成电路", "生物医药", "新能源", "智能制造", "量子计算", "自动驾驶", "工业软件",
          "医疗器械", "新材料", "云计算", "机器人", "储能", "卫星互联网", "数字孪生")
NUMBERS = ("3", "5", "12", "20", "100", "三", "十", "二十", "50", "8")

FILLERS: dict[str, tuple[str, ...]] = {
    "round": ROUNDS, "amount": AMOUNTS, "date": DATES, "title": TITLES, "field": FIELDS, "number": NUMBERS,
}

PROSE_CLAUSES = (
    "加快推进{field}关键核心技术攻关", "进一步优化创新创业生态", "企业研发投入强度达到{number}%",
    "建设一批高水平创新平台", "{field}产业规模持续扩大", "全面提升产业基础能力和产业链现代化水平",
    "推动大中小企业融通发展", "强化企业科技创新主体地位", "加大对基础研究和应用基础研究的支持力度",
    "培育壮大新兴产业集群", "实施人才引进和培养计划", "引导社会资本投向早期科技型企业",
    "完善科技成果转移转化机制", "深化产学研用协同创新", "技术合同成交额同比增长{number}%",
    "新增高新技术企业{number}家", "推动数据要素市场化配置", "开展{field}应用试点示范",
    "支持龙头企业牵头组建创新联合体", "提升知识产权创造、运用和保护水平", "构建开放合作的创新网络",
    "营业收入突破{amount}", "全年完成投资{amount}", "打造具有全球影响力的科技创新中心",
    "第{number}届世界人工智能大会开幕在即", "发布{field}产业发展白皮书", "专家认为行业仍处于发展初期",
    "产业发展生态进一步健全", "安全保障能力显著增强", "标准体系建设取得积极进展",
    "海外高层次人才加速集聚", "园区服务能力不断提升", "京津冀协同发展水平持续提高",
    "长三角一体化发展取得新进展", "粤港澳大湾区国际科技创新中心建设提速", "该公司产品已覆盖全国{number}个省份",
    "小镇累计引进项目{number}个", "报告显示我国{field}专利申请量位居世界前列", "本刊只对信息内容负责",
    "数字经济核心产业增加值占比提高", "重点领域关键技术取得突破", "新型基础设施建设进一步加快",
)
"""Clauses with no names: the model must also learn where bulletins name nobody."""
PROSE_ENDS = ("。", "；", "。", "", "！")
