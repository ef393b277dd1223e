"""Finding codes (SPEC §5): one definition each — severity, messages and hints in zh and en."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.i18n import get_lang


@dataclass(frozen=True)
class Code:
    severity: str
    message: tuple[str, str]  # (zh, en) templates
    hint: tuple[str, str] = ("", "")


CODES: dict[str, Code] = {
    "file-unreadable": Code("error", ("无法读取该文件：{detail}", "The file cannot be read: {detail}"),
                            ("请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送",
                             "Open it in Excel or WPS, save as .xlsx and send it again")),
    "file-encrypted": Code("error", ("文件设置了密码保护，无法读取", "The file is password protected"),
                           ("请取消文件密码后重新报送", "Remove the password and send it again")),
    "file-too-large": Code("error", ("文件过大：{detail}", "The file is too large: {detail}"),
                           ("请删除多余的工作表、图片和空行后重新报送",
                            "Remove extra sheets, pictures and empty rows, then send it again")),
    "file-link": Code("error", ("这是快捷方式（链接）或特殊文件，不是普通文件，未读取：{detail}",
                                "This is a link or a special file, not a regular file; it was not read: {detail}"),
                      ("请把台账文件本身（而不是快捷方式）放进收件箱", "Put the ledger file itself, not a link to it, in the inbox")),
    "form-unknown": Code("error", ("没有识别出“{title}”的任何工作表", "No sheet of the form '{title}' was recognised"),
                         ("请使用区妇联下发的空白台账填报", "Fill in the blank ledger sent by the district")),
    "town-unknown": Code("error", ("无法确定填报单位{detail}", "The reporting town cannot be determined{detail}"),
                         ("在“基本信息”的“填报单位”填写镇街全称，如“{example}”",
                          "Enter the town's full name in 基本信息, e.g. {example}")),
    "town-mismatch": Code("error", ("文件中的镇街不一致：{detail}", "The file names different towns: {detail}"),
                          ("核对“基本信息”的填报单位和文件名，是否拿错了别的镇街的台账",
                           "Check 填报单位 and the file name; is this another town's ledger?")),
    "period-unknown": Code("error", ("截至月份未填写或无法识别", "截至月份 (reported month) is missing or unreadable"),
                           ("在“基本信息”的“截至月份”填写年月，如 {example}",
                            "Enter the month in 基本信息, e.g. {example}")),
    "sheet-missing": Code("error", ("缺少工作表“{sheet}”", "Sheet '{sheet}' is missing"),
                          ("请不要删除工作表或修改表头；没有记录也请保留空表",
                           "Do not delete sheets or change headers; keep empty sheets")),
    "sheet-unknown": Code("warning", ("工作表“{sheet}”不属于台账，已忽略", "Sheet '{sheet}' is not part of the form and was ignored"),
                          ("如是台账内容，请移到对应的工作表", "Move its records to the right sheet if they belong to the ledger")),
    "column-missing": Code("error", ("缺少列“{column}”", "Column '{column}' is missing"),
                           ("请按空白台账恢复该列（可从空白台账复制表头）",
                            "Restore the column as in the blank ledger")),
    "column-unknown": Code("warning", ("列“{value}”不属于台账，已忽略", "Column '{value}' is not part of the form and was ignored"),
                           ("如是台账的列，请改回空白台账中的列名", "Rename it as in the blank ledger if it belongs there")),
    "column-duplicate": Code("error", ("列“{column}”出现了两次", "Column '{column}' appears twice"),
                             ("删除重复的列", "Delete the duplicate column")),
    "required": Code("error", ("“{column}”未填写", "'{column}' is empty"),
                     ("请填写{column}", "Fill in {column}")),
    "type": Code("error", ("“{value}”不是有效的{expected}", "'{value}' is not a valid {expected}"),
                 ("{example}", "{example}")),
    "enum": Code("error", ("“{value}”不是“{column}”的可选值", "'{value}' is not an allowed value of '{column}'"),
                 ("{closest}可选：{choices}", "{closest}Allowed: {choices}")),
    "pattern": Code("error", ("“{value}”不是有效的{expected}", "'{value}' is not a valid {expected}"),
                    ("{example}", "{example}")),
    "checksum": Code("error", ("统一社会信用代码“{value}”的校验位不对", "Check digit of credit code '{value}' is wrong"),
                     ("请对照营业执照核对代码，可能有字符输错", "Compare with the business licence; a character is mistyped")),
    "range": Code("error", ("“{column}”的值 {value} 超出范围（{bounds}）", "'{column}' = {value} is out of range ({bounds})"),
                  ("请核实后填写 {bounds} 内的数值", "Enter a value within {bounds}")),
    "length": Code("error", ("“{column}”超过 {n} 个字", "'{column}' is longer than {n} characters"),
                   ("请精简到 {n} 个字以内", "Shorten it to {n} characters")),
    "date-out-of-period": Code("error", ("日期 {value} 不在本期（{lo} 至 {hi}）", "Date {value} is outside the period ({lo} to {hi})"),
                               ("本年台账只登记 {lo} 至 {hi} 的记录；请核对年份和月份",
                                "Only {lo} to {hi} belongs in this ledger; check year and month")),
    "duplicate": Code("error", ("“{value}”重复（第 {other} 行也有）", "'{value}' appears twice (also row {other})"),
                      ("每个{column}只登记一行，请合并或删除重复行", "Keep one row per {column}")),
    "unknown-org": Code("error", ("“{value}”不在妇委会名录中", "'{value}' is not in 妇委会名录"),
                        ("{closest}组织名称须与“妇委会名录”完全一致，或填“{town}妇联”",
                         "{closest}Use the exact name from 妇委会名录, or '{town}妇联'")),
    "rule": Code("error", ("{message}", "{message}"), ("{hint}", "{hint}")),
    "precision-lost": Code("error", ("“{value}”是以数字保存的长代码，已丢失位数", "'{value}' is a long code stored as a number and has lost digits"),
                           ("把单元格设为“文本”格式后重新输入完整代码", "Format the cell as text and type the full code again")),
    "formula-no-value": Code("error", ("单元格是公式（{value}），但没有计算结果", "The cell holds a formula ({value}) with no computed value"),
                             ("在 Excel 中打开后保存一次再报送，或直接填写数值", "Open and save it in Excel, or type the value")),
    "org-missing": Code("warning", ("上次报送的组织“{value}”不见了，也没有标记为“已撤销”", "Organisation '{value}' of the previous submission is gone without being marked 已撤销"),
                        ("组织撤销时请保留该行，把组织状态改为“已撤销”", "Keep the row and set 组织状态 to 已撤销")),
    "records-missing": Code("warning", ("“{sheet}”比上次报送的台账少了 {n} 条本年度的记录（如 {examples}）",
                                        "'{sheet}' has {n} fewer records of this year than the previous submission (e.g. {examples})"),
                            ("台账是全年累计的：请在上次报送的台账上接着填写，不要删除已登记的记录；如是删除了登记错的记录，可不理会本提醒",
                             "The ledger is cumulative: keep adding to the previous one and never delete earlier records")),
    "normalized": Code("info", ("已自动修正：“{old}” → “{new}”", "Repaired: '{old}' -> '{new}'")),
    "total-row": Code("info", ("合计或说明行，已跳过：“{value}”", "Totals or note row skipped: '{value}'")),
}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def shown(value: Any) -> str:
    """A value as it should appear in a message."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def json_value(value: Any) -> Any:
    """A value made JSON-safe (dates as ISO strings)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


@dataclass
class Finding:
    severity: str
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: Any = None
    message: str = ""
    hint: str = ""
    rule: str | None = None
    params: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "sheet": self.sheet, "row": self.row,
                "column": self.column, "cell": self.cell, "value": json_value(self.value),
                "message": self.message, "hint": self.hint, "rule": self.rule}


def finding(code: str, *, sheet: str | None = None, row: int | None = None,
            column: str | None = None, cell: str | None = None, value: Any = None,
            severity: str | None = None, rule: str | None = None, **params: Any) -> Finding:
    """Build a Finding for `code`, rendering its message and hint in the current language."""
    spec = CODES[code]
    idx = 1 if get_lang() == "en" else 0
    fields = _Blank({k: shown(v) for k, v in params.items()})
    fields.setdefault("value", shown(value))
    fields.setdefault("column", column or "")
    fields.setdefault("sheet", sheet or "")
    return Finding(
        severity=severity or spec.severity, code=code, sheet=sheet, row=row, column=column,
        cell=cell, value=value, message=spec.message[idx].format_map(fields),
        hint=spec.hint[idx].format_map(fields), rule=rule, params=params)
