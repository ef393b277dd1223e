"""Realistic, fictional ledger content for the demo district, tests and benchmarks.

Everything is generated from a seed, so the same call always gives the same ledger. Names of
people and organisations are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from fedxl.form import Form
from fedxl.form.values import USCC_CHARS, uscc_check_char

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "丽娟敏静秀英华慧巧美娜玉兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞"
    "莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇"
    "菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄"
    "枫芸菲寒伊亚宜可姬舒影荔枝思丽"
)
COMPANY_WORDS = [
    "恒通",
    "宏达",
    "金鼎",
    "瑞丰",
    "华信",
    "鑫源",
    "远航",
    "同创",
    "安泰",
    "博远",
    "兴业",
    "嘉禾",
    "天成",
    "汇丰",
    "盛世",
    "德隆",
    "永盛",
    "新程",
    "锦程",
    "佳和",
    "众合",
    "润泽",
    "明达",
    "立信",
]
COMPANY_KINDS = [
    "物流有限公司",
    "电子科技有限公司",
    "食品有限公司",
    "建材有限公司",
    "服装有限公司",
    "商贸有限公司",
    "机械制造有限公司",
    "网络科技有限公司",
    "医药连锁有限公司",
    "置业有限公司",
]
PLACES = [
    "阳光",
    "幸福",
    "和谐",
    "锦绣",
    "翠湖",
    "东方",
    "金桥",
    "御景",
    "滨河",
    "春华",
    "秋实",
    "绿洲",
]
DOMAIN_SUFFIX = {
    "非公有制企业": None,
    "社会组织": ["社会工作服务中心", "志愿者协会", "养老服务中心", "家庭教育促进会"],
    "小区": ["花园小区", "家园小区", "佳苑小区"],
    "商务楼宇": ["商务大厦", "国际大厦"],
    "园区": ["电商产业园", "创业孵化园"],
    "专业市场": ["农贸市场", "服装批发市场"],
    "网络平台": ["直播电商平台"],
    "其他": ["家政服务站"],
}
ACTIVITIES = {
    "思想引领": ["巾帼心向党主题党日", "学习二十大精神座谈会"],
    "宣讲": ["反家暴法宣讲", "家庭家教家风宣讲"],
    "培训": ["女职工技能提升培训", "急救知识培训"],
    "关爱服务": ["三八节关爱女职工活动", "母亲节亲子活动"],
    "帮扶救助": ["困难女职工走访慰问"],
    "创业就业": ["巾帼创业沙龙", "春风行动招聘会"],
    "文体活动": ["健步走比赛", "广场舞展演"],
    "其他": ["读书分享会"],
}
TRAININGS = {
    "妇联干部业务培训": "新领域妇联干部业务培训班",
    "巾帼电商培训": "巾帼电商直播带货培训班",
    "职业技能培训": "家政服务员技能培训班",
    "政策宣讲": "妇女权益保障法宣讲",
    "其他": "心理健康讲座",
}
SERVICES = {
    "上门服务": "走访慰问困难女职工",
    "培训服务": "组织女职工参加技能培训",
    "定向服务": "为孕期女职工提供关爱服务",
    "救助服务": "为患病女职工申请救助",
    "发展服务": "推荐女职工参加创业项目",
}


@dataclass
class LedgerData:
    """A ledger's content: 基本信息 values and the rows of each table, by form column name."""

    info: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def uscc(rng: random.Random) -> str:
    body = (
        "91"
        + "".join(rng.choice("0123456789") for _ in range(6))
        + "".join(rng.choice(USCC_CHARS) for _ in range(9))
    )
    return body + uscc_check_char(body)


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 0) + 1))


def _org(rng: random.Random, town: str, used: set[str], year: int, month: int) -> dict[str, Any]:
    for attempt in range(1000):
        domain = rng.choices(list(DOMAIN_SUFFIX), weights=[40, 15, 20, 8, 7, 5, 3, 2])[0]
        suffixes = DOMAIN_SUFFIX[domain]
        branch = f"第{attempt // 5}" if attempt >= 5 else ""  # names run out in very large ledgers
        if suffixes is None:
            unit = f"{town[:2]}{rng.choice(COMPANY_WORDS)}{branch}{rng.choice(COMPANY_KINDS)}"
        else:
            unit = f"{rng.choice(PLACES)}{branch}{rng.choice(suffixes)}"
        name = unit.replace("有限公司", "") + "妇委会"
        if name not in used:
            used.add(name)
            break
    staff = rng.choice([rng.randint(10, 29), rng.randint(30, 99), rng.randint(100, 600)])
    if domain == "小区":
        staff = rng.randint(300, 3000)
    sponsor = (
        "区妇联主席"
        if staff >= 100
        else rng.choice(["区妇联副主席", "镇街妇联主席"])
        if staff >= 30
        else "其他"
    )
    founded = (
        _date(rng, dt.date(2015, 1, 1), dt.date(year, month, 1))
        if rng.random() < 0.8
        else _date(rng, dt.date(year, 1, 1), dt.date(year, month, 28))
    )
    four = [rng.random() < 0.85 for _ in range(4)]
    return {
        "组织名称": name,
        "所在单位": unit,
        "统一社会信用代码": uscc(rng) if domain in ("非公有制企业", "社会组织") else None,
        "领域类型": domain,
        "成立日期": founded,
        "职工总数": staff,
        "女职工数": rng.randint(staff // 5, max(staff // 5, staff * 7 // 10)),
        "执委人数": rng.randint(3, 9),
        "主任姓名": person(rng),
        "主任手机": mobile(rng),
        "包建领导": sponsor,
        "组织状态": rng.choices(["正常", "软弱涣散"], weights=[95, 5])[0],
        "有活动场所": "是" if four[0] else "否",
        "有宣传阵地": "是" if four[1] else "否",
        "有组织制度": "是" if four[2] else "否",
        "有风采展板": "是" if four[3] else "否",
        "备注": None,
    }


def town_ledger(
    form: Form, town: str, year: int, month: int, *, seed: int = 0, orgs: int = 8, events: int = 12
) -> LedgerData:
    """A clean, valid ledger for `town` up to `month`: `orgs` organisations, ~`events` rows a
    table."""
    rng = random.Random(f"{town}-{year}-{month}-{seed}")
    start, end = dt.date(year, 1, 1), dt.date(year, month, 28)
    used: set[str] = set()
    roster = [_org(rng, town, used, year, month) for _ in range(orgs)]
    names = [o["组织名称"] for o in roster]
    data = LedgerData(
        info={
            "填报单位": town,
            "截至月份": f"{year}-{month:02d}",
            "填报人": person(rng),
            "联系电话": mobile(rng),
            "填报日期": dt.date(year, month, 28) + dt.timedelta(days=4),
            "审核人": person(rng),
        }
    )
    data.tables["妇委会名录"] = roster

    def when() -> dt.date:
        return _date(rng, start, end)

    acts = []
    for _ in range(events):
        kind = rng.choice(list(ACTIVITIES))
        acts.append(
            {
                "活动日期": when(),
                "组织名称": rng.choice(names),
                "活动名称": rng.choice(ACTIVITIES[kind]),
                "活动类别": kind,
                "参与人数": rng.randint(8, 120),
                "活动地点": rng.choice(["会议室", "职工之家", "社区活动室", "户外广场"]),
                "备注": None,
            }
        )
    data.tables["活动台账"] = acts
    data.tables["培训台账"] = [
        {
            "培训日期": when(),
            "培训名称": TRAININGS[k],
            "培训类别": k,
            "主办单位": f"{town}妇联",
            "培训期数": rng.randint(1, 3),
            "培训人数": rng.randint(15, 80),
            "备注": None,
        }
        for k in rng.sample(list(TRAININGS), k=min(len(TRAININGS), max(1, events // 4)))
    ]
    data.tables["服务台账"] = [
        {
            "服务日期": when(),
            "组织名称": rng.choice(names),
            "服务类型": (k := rng.choice(list(SERVICES))),
            "服务内容": SERVICES[k],
            "受益人数": rng.randint(1, 40),
            "服务人": person(rng),
            "备注": None,
        }
        for _ in range(events)
    ]
    donations = []
    for _ in range(max(1, events // 3)):
        goods = rng.random() < 0.6
        donations.append(
            {
                "捐赠日期": when(),
                "组织名称": rng.choice(names),
                "受捐对象": rng.choice(["困难妇女", "留守儿童", "困难家庭"]),
                "物资名称": rng.choice(["大米", "食用油", "书包", "棉被"]) if goods else None,
                "物资数量": rng.randint(5, 50) if goods else None,
                "计量单位": rng.choice(["袋", "桶", "个", "床"]) if goods else None,
                "物资折价(元)": float(rng.randint(5, 80) * 100) if goods else None,
                "现金(元)": float(rng.randint(1, 30) * 500)
                if not goods or rng.random() < 0.3
                else None,
                "备注": None,
            }
        )
    data.tables["捐赠台账"] = donations
    checks = []
    for name in rng.sample(names, k=max(1, len(names) * 2 // 3)):
        verdict = rng.choices(["良好", "一般", "需整改"], weights=[70, 20, 10])[0]
        checks.append(
            {
                "检查日期": when(),
                "组织名称": name,
                "组织联系": "是",
                "服务妇女": "是",
                "活动开展": "否" if verdict == "需整改" else "是",
                "检查人": person(rng),
                "检查结论": verdict,
                "整改措施": "督促每月至少开展一次活动" if verdict == "需整改" else None,
                "备注": None,
            }
        )
    data.tables["跟踪检查"] = checks
    data.tables["四送记录"] = [
        {
            "送达日期": when(),
            "组织名称": rng.choice(names),
            "送达内容": rng.choice(["牌匾", "展板", "簿册", "资料"]),
            "数量": rng.randint(1, 5),
            "备注": None,
        }
        for _ in range(max(1, events // 3))
    ]
    data.tables["人选推荐"] = [
        {
            "姓名": person(rng),
            "所在组织": rng.choice(names),
            "推荐类别": rng.choice(["人大代表", "政协委员", "三八红旗手", "巾帼建功标兵"]),
            "推荐日期": when(),
            "推荐结果": rng.choice(["已推荐", "已当选", "未当选"]),
            "备注": None,
        }
        for _ in range(max(1, events // 6))
    ]
    for sheet in form.tables:  # a form with extra sheets or columns still gets every key
        rows = data.tables.setdefault(sheet.name, [])
        for row in rows:
            for col in sheet.data_columns:
                row.setdefault(col.name, None)
    return data


def write_plain_ledger(form: Form, data: LedgerData, path: Any) -> None:
    """A ledger as a town might build it by hand (no template): a title row, the header in row 2,
    records from row 3, 基本信息 as label / value pairs from row 2."""
    from openpyxl import Workbook

    from fedxl.xlsx.safe import put

    wb = Workbook()
    wb.remove(wb.active)
    info_sheet = form.info_sheet
    if info_sheet is not None:
        ws = wb.create_sheet(info_sheet.name)
        ws.append([info_sheet.name])
        for r, col in enumerate(info_sheet.columns, start=2):
            ws.cell(r, 1, col.name)
            put(ws.cell(r, 2), data.info.get(col.name))
    for sheet in form.tables:
        ws = wb.create_sheet(sheet.name)
        ws.append([f"{data.info.get('填报单位', '')}{sheet.name}"])
        ws.append([c.name for c in sheet.columns])
        for i, row in enumerate(data.tables.get(sheet.name, []), start=1):
            r = i + 2  # title row, header row, then the records
            for c, col in enumerate(sheet.columns, start=1):
                put(ws.cell(r, c), i if col.ignore else row.get(col.name))
    wb.save(path)


def cumulative_ledgers(
    form: Form,
    town: str,
    year: int,
    months: list[int],
    *,
    seed: int = 0,
    orgs: int = 5,
    events: int = 3,
    new_orgs_every: int = 2,
) -> dict[int, LedgerData]:
    """A town's cumulative ledgers for `months` of `year`, as a careful clerk keeps them.

    The first month's ledger holds rows from January on; each later month keeps every row of
    the month before and appends rows dated inside the new month (`events` ± 2 per table),
    and every `new_orgs_every` months one organisation founded that month.
    """
    import copy

    months = sorted(months)
    first = town_ledger(
        form, town, year, months[0], seed=seed, orgs=orgs, events=events * months[0]
    )
    out = {months[0]: first}
    current = copy.deepcopy(first)
    for index, month in enumerate(months[1:], start=1):
        rng = random.Random(f"{town}-{year}-{month}-{seed}-dates")
        count = max(1, events + rng.randint(-2, 2))  # busier and quieter months
        fresh = town_ledger(form, town, year, month, seed=seed * 100 + month, orgs=1, events=count)
        start, end = dt.date(year, month, 1), dt.date(year, month, 28)
        roster = current.tables["妇委会名录"]
        if new_orgs_every and index % new_orgs_every == 0:
            org = fresh.tables["妇委会名录"][0]
            if org["组织名称"] not in {o["组织名称"] for o in roster}:
                org["成立日期"] = _date(rng, start, end)
                roster.append(org)
        names = [o["组织名称"] for o in roster if o.get("组织状态") != "已撤销"]
        for sheet in form.tables:
            if sheet.name == "妇委会名录":
                continue
            date_col = next(
                (c.name for c in sheet.data_columns if c.type == "date" and c.in_period), None
            )
            rows = fresh.tables.get(sheet.name, [])
            if sheet.name == "服务台账":  # not every activity comes with a service
                rows = rows[: max(1, len(rows) - rng.randint(0, 2))]
            for row in rows:
                if date_col:
                    row[date_col] = _date(rng, start, end)
                for key in ("组织名称", "所在组织"):
                    if key in row and row[key] is not None:
                        row[key] = rng.choice(names)
                current.tables.setdefault(sheet.name, []).append(row)
        current.info = {
            **current.info,
            "截至月份": f"{year}-{month:02d}",
            "填报日期": dt.date(year, month, 28) + dt.timedelta(days=4),
        }
        out[month] = copy.deepcopy(current)
    return out
