"""The form definition: the default form is the ledger form the district uses; a bad form file is
explained."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fedxl.errors import FormError
from fedxl.form import load_form
from fedxl.form.expr import ExprError, compile_expr
from fedxl.workspace.resources import default_templates_dir

FORM = default_templates_dir() / "form.toml"

# the default ledger form's sheets and columns, in order.
SPEC_SHEETS = {
    "基本信息": ["填报单位", "截至月份", "填报人", "联系电话", "填报日期", "审核人"],
    "妇委会名录": [
        "序号",
        "组织名称",
        "所在单位",
        "统一社会信用代码",
        "领域类型",
        "成立日期",
        "职工总数",
        "女职工数",
        "执委人数",
        "主任姓名",
        "主任手机",
        "包建领导",
        "组织状态",
        "有活动场所",
        "有宣传阵地",
        "有组织制度",
        "有风采展板",
        "备注",
    ],
    "活动台账": [
        "序号",
        "活动日期",
        "组织名称",
        "活动名称",
        "活动类别",
        "参与人数",
        "活动地点",
        "备注",
    ],
    "培训台账": [
        "序号",
        "培训日期",
        "培训名称",
        "培训类别",
        "主办单位",
        "培训期数",
        "培训人数",
        "备注",
    ],
    "服务台账": [
        "序号",
        "服务日期",
        "组织名称",
        "服务类型",
        "服务内容",
        "受益人数",
        "服务人",
        "备注",
    ],
    "捐赠台账": [
        "序号",
        "捐赠日期",
        "组织名称",
        "受捐对象",
        "物资名称",
        "物资数量",
        "计量单位",
        "物资折价(元)",
        "现金(元)",
        "备注",
    ],
    "跟踪检查": [
        "序号",
        "检查日期",
        "组织名称",
        "组织联系",
        "服务妇女",
        "活动开展",
        "检查人",
        "检查结论",
        "整改措施",
        "备注",
    ],
    "四送记录": ["序号", "送达日期", "组织名称", "送达内容", "数量", "备注"],
    "人选推荐": ["序号", "姓名", "所在组织", "推荐类别", "推荐日期", "推荐结果", "备注"],
}


def test_default_form_matches_spec() -> None:
    form = load_form(FORM)
    assert form.title == "新领域妇联组织建设基础台账"
    assert form.id and form.version
    assert {s.name: [c.name for c in s.columns] for s in form.sheets} == SPEC_SHEETS
    assert form.info_sheet.name == "基本信息"
    roster = form.sheet("妇委会名录")
    assert roster.key == ("组织名称",)
    assert roster.column("领域类型").values == (
        "非公有制企业",
        "社会组织",
        "小区",
        "商务楼宇",
        "园区",
        "专业市场",
        "网络平台",
        "其他",
    )
    assert roster.column("成立日期").min == dt.date(1990, 1, 1)
    assert roster.column("成立日期").max == "period-end"
    assert {"成员总数", "覆盖人数"} <= set(roster.column("职工总数").aliases)
    assert roster.column("执委人数").min == 1 and roster.column("执委人数").max == 99
    assert roster.column("组织状态").blank == "正常"
    assert roster.column("统一社会信用代码").type == "uscc"
    assert roster.column("主任手机").type == "phone"
    assert {(r.id, r.severity, r.column) for r in roster.rules} == {
        ("women-le-staff", "error", "女职工数"),
        ("committee-min", "warning", "执委人数"),
        ("sponsor-level", "warning", "包建领导"),
    }
    assert form.sheet("捐赠台账").rules[0].id == "donation-not-empty"
    assert form.sheet("跟踪检查").rules[0].id == "rectify-needs-measures"
    for name in ("活动台账", "服务台账", "捐赠台账", "跟踪检查", "四送记录"):
        assert form.sheet(name).column("组织名称").ref == "妇委会名录.组织名称"
        date_col = form.sheet(name).data_columns[0]
        assert date_col.type == "date" and date_col.in_period and date_col.required
    assert form.sheet("人选推荐").column("所在组织").ref == "妇委会名录.组织名称"
    assert form.sheet("人选推荐").column("推荐日期").in_period
    assert all(c.ignore for s in form.tables for c in s.columns if c.name == "序号")


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = FORM.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "form.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ('type = "uscc"', 'type = "creditcode"', "unknown type 'creditcode'"),
        ('values = ["正常", "软弱涣散", "已撤销"]', "values = []", "needs a non-empty 'values'"),
        ('check = "女职工数 <= 职工总数"', 'check = "女职工数 <= 员工总数"', "员工总数"),
        ('column = "女职工数"\n  check', 'column = "女工数"\n  check', "女工数"),
        ('check = "执委人数 >= 3"', "check = \"__import__('os')\"", "unknown function"),
        ('check = "执委人数 >= 3"', 'check = "执委人数 >="', "syntax error"),
        ('severity = "warning"', 'severity = "fatal"', "severity"),
        ('ref = "妇委会名录.组织名称"', 'ref = "妇委会名册.组织名称"', "ref"),
        ("min = 1990-01-01", "min = 1990", "must be a date"),
        (
            'type = "person"\n  required = true\n  aliases = ["妇委会主任"',
            'type = "person"\n  required = true\n  wdith = 3\n  aliases = ["妇委会主任"',
            "unknown key 'wdith'",
        ),
        ('blank = "正常"', 'blank = "良好"', "blank"),
        ('role = "domain"', 'role = "sector"', "unknown role 'sector'"),
        ('withdrawn = "已撤销"', 'withdrawn = "撤销"', "'withdrawn' belongs"),
        ('role = "domain"', 'role = "period"', "more than one column"),
        ('role = "activities"', 'role = "roster"', "also given to sheet"),
        ('role = "activities"', 'role = "events"', "unknown role 'events'"),
        ('role = "participants"', 'role = "beneficiaries"', "needs a sheet whose role allows it"),
        ('role = "sessions"', 'role = "trainees"', "more than one column"),
    ],
)
def test_form_file_errors_are_explained(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    with pytest.raises(FormError) as info:
        load_form(_broken(tmp_path, old, new))
    assert info.value.key == "form.invalid"
    assert fragment in info.value.kwargs["detail"]
    assert "form.toml" in info.value.render()


def test_form_syntax_error_has_line(tmp_path: Path) -> None:
    path = tmp_path / "form.toml"
    path.write_text('id = "x"\nversion = \n', encoding="utf-8")
    with pytest.raises(FormError) as info:
        load_form(path)
    assert info.value.key == "form.syntax" and info.value.kwargs["line"] == 2


def test_missing_form_file(tmp_path: Path) -> None:
    with pytest.raises(FormError) as info:
        load_form(tmp_path / "form.toml")
    assert info.value.key == "form.not_found"


def test_expression_three_valued_logic() -> None:
    le = compile_expr("女职工数 <= 职工总数")
    assert le.names == {"女职工数", "职工总数"}
    assert le.evaluate({"女职工数": 3, "职工总数": 5}) is True
    assert le.evaluate({"女职工数": 6, "职工总数": 5}) is False
    assert le.evaluate({"女职工数": 6, "职工总数": None}) is None
    donation = compile_expr("filled(物资名称) or coalesce(`现金(元)`, 0) > 0")
    assert donation.names == {"物资名称", "现金(元)"}
    assert donation.evaluate({"物资名称": None, "现金(元)": None}) is False
    assert donation.evaluate({"物资名称": "  ", "现金(元)": 0}) is False
    assert donation.evaluate({"物资名称": "大米", "现金(元)": None}) is True
    assert donation.evaluate({"物资名称": None, "现金(元)": 100.0}) is True
    sponsor = compile_expr("包建领导 in ('区妇联副主席', '镇街妇联主席')")
    assert sponsor.evaluate({"包建领导": "其他"}) is False
    assert sponsor.evaluate({"包建领导": "镇街妇联主席"}) is True
    when = compile_expr("职工总数 >= 30 and 职工总数 < 100")
    assert when.evaluate({"职工总数": 50}) is True and when.evaluate({"职工总数": 100}) is False
    assert compile_expr("not filled(x) or x == 'a'").evaluate({"x": None}) is True


@pytest.mark.parametrize(
    "text", ["open('x')", "a.b", "a[0]", "lambda: 1", "a + b", "f(x)", "x if y else z"]
)
def test_expression_rejects_anything_else(text: str) -> None:
    with pytest.raises(ExprError):
        compile_expr(text)


def test_roles_come_from_the_form_file(tmp_path: Path) -> None:
    form = load_form(FORM)
    assert [form.role_column(r).name for r in ("period", "status", "domain")] == [
        "截至月份",
        "组织状态",
        "领域类型",
    ]
    assert form.is_active({"组织状态": "软弱涣散"}) and not form.is_active({"组织状态": "已撤销"})
    # a district renames the column and its value: generic code follows the form, not the names
    text = FORM.read_text(encoding="utf-8").replace('name = "组织状态"', 'name = "组织现状"')
    text = text.replace('"已撤销"', '"已注销"')
    path = tmp_path / "form.toml"
    path.write_text(text, encoding="utf-8")
    renamed = load_form(path)
    assert not renamed.is_active({"组织现状": "已注销"}) and renamed.is_active(
        {"组织状态": "已撤销"}
    )


def test_a_form_from_before_the_figures_roles_gets_them_by_name(tmp_path: Path) -> None:
    """A workspace's form.toml copied before sheets had roles: the figures still find 活动台账,
    参与人数 and the four-haves columns by the default form's names."""
    import re

    text = re.sub(
        r'^ *role = "(roster|activities|trainings|services|donations|checks|deliveries|candidates|f'
        r"ounded|"
        r"women|four-haves|participants|kind|title|sessions|trainees|beneficiaries|goods|goods-value|cash|"
        r'recipient|quantity)"\n',
        "",
        FORM.read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert 'role = "roster"' not in text and 'role = "status"' in text
    path = tmp_path / "form.toml"
    path.write_text(text, encoding="utf-8")
    old, new = load_form(path).figures, load_form(FORM).figures
    assert old == new and old.column("activities", "participants") == "参与人数"
    assert len(old.all_columns("roster", "four-haves")) == 4


def test_a_form_from_before_roles_gets_them_by_name(tmp_path: Path) -> None:
    text = FORM.read_text(encoding="utf-8")
    for line in (
        '  role = "period"\n',
        '  role = "domain"\n',
        '  role = "status"\n',
        '  withdrawn = "已撤销"\n',
        '  weak = "软弱涣散"\n',
    ):
        assert line in text
        text = text.replace(line, "")
    path = tmp_path / "form.toml"
    path.write_text(text, encoding="utf-8")
    old = load_form(path)
    status = old.role_column("status")
    assert status is not None and (status.withdrawn, status.weak) == ("已撤销", "软弱涣散")
    assert old.role_column("period").name == "截至月份"


def test_a_form_read_again_is_the_same_until_its_bytes_change(tmp_path: Path) -> None:
    """Reading the same bytes again gives the form already parsed; any change to the file, even
    one that keeps its size and is written in the same instant, is parsed again."""
    path = tmp_path / "form.toml"
    text = (default_templates_dir() / "form.toml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_form(path)
    assert load_form(path) is first
    renamed = text.replace('name = "参与人数"', 'name = "出席人数"', 1)
    assert len(renamed.encode()) == len(text.encode()) and renamed != text
    stat = path.stat()
    path.write_text(renamed, encoding="utf-8")
    import os

    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same size and time
    second = load_form(path)
    names = {c.name for s in second.sheets for c in s.columns}
    assert "出席人数" in names and "参与人数" not in names
    path.write_text('id = "x"\nversion = \n', encoding="utf-8")
    with pytest.raises(FormError):
        load_form(path)  # a broken file is said, never hidden by the form read before
