"""The catalogue of user-facing messages (Chinese by default, English on request)."""

from __future__ import annotations

import os
from typing import Any

LANGS = ("zh", "en")
_state: dict[str, str | None] = {"lang": None}

# key -> (Chinese, English). Placeholders use str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- generic
    "error.prefix": ("错误", "Error"),
    "error.internal": (
        "程序内部出错：{error}。请加 --debug 重新运行，并把输出发给维护人员。",
        "Internal error: {error}. Run again with --debug and send the output to the maintainer.",
    ),
    "lang.bad": (
        "不支持的语言“{lang}”，可选：zh、en",
        "Unsupported language '{lang}'; use zh or en",
    ),
    "error.io": (
        "文件读写出错：{detail}（原有文件未被改动）",
        "File error: {detail} (existing files were left as they were)",
    ),
    # --- workspace
    "workspace.not_found": (
        "找不到工作区：从 {start} 向上没有 fedxl.toml。请先运行 fedxl init，或用 --workspace "
        "指定目录。",
        "No workspace: no fedxl.toml in {start} or above. Run fedxl init first, or pass "
        "--workspace DIR.",
    ),
    "workspace.dir_missing": (
        "工作区目录不存在：{path}",
        "Workspace folder does not exist: {path}",
    ),
    "workspace.exists": (
        "{path} 已经是工作区（有 fedxl.toml）。如要覆盖，请加 --force。",
        "{path} is already a workspace (fedxl.toml exists). Use --force to overwrite.",
    ),
    "workspace.created": ("已创建工作区：{path}", "Workspace created: {path}"),
    "workspace.next_steps": (
        "下一步：编辑 {config} 填写本区名称和镇街，然后运行 fedxl template --all 生成空白台账。",
        "Next: edit {config} with your district and towns, then run fedxl template --all.",
    ),
    # --- config
    "config.syntax": (
        "配置文件 {file} 格式错误（第 {line} 行）：{detail}",
        "Config file {file} is not valid TOML (line {line}): {detail}",
    ),
    "config.missing_section": (
        "配置文件 {file} 缺少 [{key}] 部分",
        "Config file {file} has no [{key}] section",
    ),
    "config.city_workspace": (
        "{file} 是{name}（市里）的工作区：请用 fedxl city status、fedxl city metrics、"
        "fedxl city merge 等命令；区里的命令要在区的工作区里运行",
        "{file} is the workspace of the city {name}: use fedxl city status, fedxl city metrics, "
        "fedxl city merge …; district commands run in a district's workspace",
    ),
    "city.no_store": (
        "市里的工作区（{file}）没有写数据库地址：请在 fedxl.toml 里写 [store] url = "
        '"postgresql://…"（各区共用的那个数据库），或设环境变量 FEDXL_DATABASE_URL',
        'The city\'s workspace ({file}) names no database: add [store] url = "postgresql://…" '
        "(the one its districts share) to fedxl.toml, or set FEDXL_DATABASE_URL",
    ),
    "city.unknown_district": (
        "数据库里没有“{district}”的登记库：{city}的 fedxl.toml 里 districts 写的区名要和各区 "
        "fedxl.toml 里 [district] name 一字不差；该区设好 [store] url 后，要先在区里运行一次 "
        "fedxl ingest（或 fedxl rebuild）",
        "The database has no store of '{district}': the names in {city}'s districts must be the "
        "districts' own [district] name, and the district must have run fedxl ingest (or fedxl "
        "rebuild) once with its [store] url set",
    ),
    "city.summary": (
        "{city}（{districts} 个区县）：应报 {expected}　已报 {actual}（按时 {on_time}）　"
        "报送率 {rate}　按时报送率 {on_time_rate}",
        "{city} ({districts} districts): due {expected}, sent {actual} (on time {on_time}), "
        "rate {rate}, on-time rate {on_time_rate}",
    ),
    "city.metrics_title": (
        "{city} {period}数据（{start}至{end}）",
        "{city}, {period} ({start} to {end})",
    ),
    "city.total": ("全市合计", "City total"),
    "city.district": ("区县", "District"),
    "city.no_figures": (
        "这些区县这个期间还没有通过校验的台账，不计入全市合计：{districts}",
        "These districts have no accepted ledger of the period and are not in the city total: "
        "{districts}",
    ),
    "city.report_kind": (
        "市里的报告目前只有工作简报（briefing），没有“{kind}”",
        "A city's report is the briefing only, not '{kind}'",
    ),
    "city.web_title": ("{city}台账报送情况", "{city}: ledger reporting"),
    "city.web_heading": ("{city} {month}各区县台账报送情况", "{city}: districts' ledgers, {month}"),
    "city.web_month": ("月份", "Month"),
    "city.web_show": ("查看", "Show"),
    "city.web_summary": ("下载全市汇总表", "Download the city's summary"),
    "city.web_briefing": ("下载全市工作简报", "Download the city's briefing"),
    "city.web_due": ("应报镇街", "Towns due"),
    "city.web_rate": ("报送率", "Rate"),
    "city.web_on_time": ("按时报送率", "On time"),
    "city.web_deadline": ("截止{deadline}", "due {deadline}"),
    "city.web_bad_link": (
        "链接无效或已更换，请向管理 fedxl 的同事索取新的市里链接。",
        "This link is not valid (any more); ask whoever runs fedxl for the city's new link.",
    ),
    "city.web_signed_out": (
        "请用 fedxl city serve 给出的市里链接打开本页。",
        "Open this page with the city's link that fedxl city serve prints.",
    ),
    "city.serving": (
        "市里的页面已启动。市妇联用这个链接打开（不要转给别人）：\n{url}\n按 Ctrl+C 停止。",
        "The city's page is running. Open it with this link (keep it private):\n{url}\n"
        "Press Ctrl+C to stop.",
    ),
    "city.no_data": (
        "{city}的各区还没有通过校验的台账",
        "No district of {city} has an accepted ledger yet",
    ),
    "config.not_city": (
        "配置文件 {file} 没有 [city] 部分：fedxl city 的命令要在市里的工作区里运行"
        "（fedxl.toml 里写 [city] name 和 districts，见 docs/server.md）",
        "Config file {file} has no [city] section: fedxl city commands run in a city's workspace "
        "(a fedxl.toml with [city] name and districts, see docs/server.md)",
    ),
    "config.missing_key": (
        "配置文件 {file} 第 {line} 行附近：[{section}] 缺少必填项 {key}",
        "Config file {file} near line {line}: [{section}] is missing the required key {key}",
    ),
    "config.unknown_key": (
        "配置文件 {file} 第 {line} 行：{key} 不是可用的配置项（可用：{allowed}）",
        "Config file {file} line {line}: {key} is not a known setting (known: {allowed})",
    ),
    "config.bad_type": (
        "配置文件 {file} 第 {line} 行：{key} 应为{expected}，实际是 {value}",
        "Config file {file} line {line}: {key} must be {expected}, got {value}",
    ),
    "config.bad_value": (
        "配置文件 {file} 第 {line} 行：{key} 的值 {value} 不对：{reason}",
        "Config file {file} line {line}: {key} = {value} is wrong: {reason}",
    ),
    "config.no_towns": (
        "配置文件 {file} 没有配置任何镇街（[[towns]]）",
        "Config file {file} lists no towns ([[towns]])",
    ),
    "config.duplicate_town": (
        "配置文件 {file} 第 {line} 行：镇街名称或别名“{name}”重复",
        "Config file {file} line {line}: town name or alias '{name}' is used twice",
    ),
    "type.str": ("文字", "a string"),
    "type.int": ("整数", "an integer"),
    "type.bool": ("true 或 false", "true or false"),
    "type.list_str": ('文字列表，如 ["甲", "乙"]', "a list of strings"),
    "type.table": ("一个表（[...]）", "a table ([...])"),
    "type.array_tables": ("表数组（[[...]]）", "an array of tables ([[...]])"),
    "reason.year": ("应为 2000 到 2100 之间的年份", "must be a year between 2000 and 2100"),
    "reason.day": ("应为 1 到 28 之间的日期", "must be a day between 1 and 28"),
    "reason.quota_year": (
        "按年份写的任务，键要是年份，如 quota = { 2026 = 3, 2027 = 4 }",
        "quota by year takes years as keys: quota = { 2026 = 3, 2027 = 4 }",
    ),
    "reason.month": ('应为月份，如 "2026-09"', 'must be a month like "2026-09"'),
    "reason.db_url": (
        '应为 PostgreSQL 数据库地址，如 "postgresql://fedxl@数据库服务器/fedxl"',
        'must be a PostgreSQL address like "postgresql://fedxl@dbhost/fedxl"',
    ),
    "config.since_after_until": (
        "配置文件 {file} 第 {line} 行：镇街“{town}”的 since（{since}）晚于 until（{until}）",
        "Config file {file} line {line}: town '{town}' has since ({since}) after until ({until})",
    ),
    "reason.nonneg": ("不能为负数", "must not be negative"),
    "reason.blank": ("不能为空", "must not be empty"),
    "reason.duplicate": ("有重复的名字", "names a value twice"),
    "reason.positive": ("应大于 0", "must be greater than 0"),
    "type.number": ("数字", "a number"),
    "type.quota": (
        "整数，或按年份写，如 { 2026 = 3, 2027 = 4 }",
        "an integer, or by year: { 2026 = 3, 2027 = 4 }",
    ),
    "reason.lang": ("应为 zh 或 en", "must be zh or en"),
    # --- check
    "check.no_files": ("请指定要校验的文件", "Give the files to check"),
    "check.progress": ("校验中", "Checking"),
    "status.accepted": ("通过", "accepted"),
    "status.rejected": ("未通过", "rejected"),
    "status.unreadable": ("无法读取", "unreadable"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("修正", "info"),
    "check.file_line": (
        "{status}　错误 {error}　警告 {warning}　自动修正 {info}",
        "{status}: {error} errors, {warning} warnings, {info} repaired",
    ),
    "check.identity": ("镇街：{town}　截至月份：{period}", "Town: {town}  Month: {period}"),
    "check.unknown": ("未知", "unknown"),
    "check.col.severity": ("级别", "Level"),
    "check.col.sheet": ("工作表", "Sheet"),
    "check.col.cell": ("单元格", "Cell"),
    "check.col.column": ("列", "Column"),
    "check.col.value": ("原值", "Value"),
    "check.col.message": ("问题", "Problem"),
    "check.col.hint": ("修改建议", "How to fix"),
    "check.col.code": ("代码", "Code"),
    "check.col.kind": ("问题类型", "Type"),
    "check.info_hidden": (
        "另有 {n} 处自动修正（加 --verbose 查看）",
        "{n} values were repaired (use --verbose to list them)",
    ),
    "check.batch": (
        "共 {total} 个文件：通过 {accepted}，未通过 {rejected}，无法读取 {unreadable}",
        "{total} files: {accepted} accepted, {rejected} rejected, {unreadable} unreadable",
    ),
    "check.feedback": ("反馈表：{path}", "Feedback workbook: {path}"),
    "check.feedback_failed": (
        "无法写出反馈表：{error}",
        "Could not write the feedback workbook: {error}",
    ),
    "check.all_good": ("没有发现问题", "No problems found"),
    # --- ingest
    "ingest.empty": ("收件箱（{path}）里没有文件", "The inbox ({path}) is empty"),
    "ingest.bad_time": (
        "--received-at 的时间“{value}”格式不对，应为 2026-07-03 或 2026-07-03T09:30",
        "--received-at '{value}' must look like 2026-07-03 or 2026-07-03T09:30",
    ),
    "ingest.progress": ("收件中", "Ingesting"),
    "ingest.recorded": ("已登记为第 {id} 号", "recorded as #{id}"),
    "ingest.not_recorded": (
        "未登记：文件打不开（不存在、没有权限或正被占用），原文件未动，处理后请重新收件",
        "not recorded: the file could not be opened (missing, no permission or in use); it was "
        "left where it is",
    ),
    "ingest.summary_unrecorded": (
        "，未登记 {count}（文件打不开）",
        ", {count} not recorded (could not be opened)",
    ),
    "ingest.skipped": (
        "收件箱里的“{name}”是文件夹或隐藏文件，不是台账，已跳过（请把台账文件直接放进收件箱）",
        "'{name}' in the inbox is a folder or hidden file, not a ledger: skipped",
    ),
    "dup.same": (
        "重复文件：与第 {id} 号完全相同（{what}，{when} 收到），未重复登记",
        "duplicate of #{id} ({what}, received {when}); not recorded again",
    ),
    "dup.what": ("{town} {month}台账", "{town}'s ledger of {month}"),
    "dup.unreadable": ("无法读取的文件", "a file that could not be read"),
    "dup.other_town": (
        "这是{town}的文件，不是{sender}的台账",
        "it is {town}'s file, not {sender}'s ledger",
    ),
    "dup.due": ("{town} {month}的台账还没有报送", "{town} has not yet sent its ledger of {month}"),
    "ingest.summary": (
        "共 {total} 个文件：新登记 {new}（通过 {accepted}，未通过 {rejected}，无法读取 "
        "{unreadable}），重复 {duplicate}",
        "{total} files: {new} recorded ({accepted} accepted, {rejected} rejected, {unreadable} "
        "unreadable), {duplicate} duplicates",
    ),
    # --- findings: message and hint of each finding code (placeholders are the finding's fields)
    # --- 问题类型: each finding code's short name (the feedback sheet's column beside 代码)
    "kind.file-unreadable": ("文件打不开", "Unreadable file"),
    "kind.file-encrypted": ("文件有密码", "Password-protected"),
    "kind.file-too-large": ("文件过大", "File too large"),
    "kind.file-link": ("快捷方式", "Shortcut or link"),
    "kind.period-behind": ("截至月份没改", "Month not updated"),
    "kind.period-ahead": ("截至月份未到", "Month not begun"),
    "kind.file-too-complex": ("文件无法解析", "Too complex to read"),
    "kind.feedback-failed": ("反馈表未生成", "No marked copy"),
    "kind.form-unknown": ("不是台账", "Not the ledger"),
    "kind.town-unknown": ("镇街不明", "Town unknown"),
    "kind.town-mismatch": ("镇街不一致", "Town mismatch"),
    "kind.period-unknown": ("月份不明", "Month unknown"),
    "kind.sheet-missing": ("缺少工作表", "Sheet missing"),
    "kind.sheet-unknown": ("多余工作表", "Extra sheet"),
    "kind.column-missing": ("缺少列", "Column missing"),
    "kind.column-unknown": ("多余列", "Extra column"),
    "kind.column-duplicate": ("列重复", "Duplicate column"),
    "kind.required": ("必填未填", "Required"),
    "kind.type": ("格式不对", "Wrong type"),
    "kind.enum": ("不是可选值", "Not an option"),
    "kind.pattern": ("号码格式不对", "Wrong format"),
    "kind.checksum": ("代码校验位错", "Check digit"),
    "kind.range": ("超出范围", "Out of range"),
    "kind.length": ("文字过长", "Too long"),
    "kind.date-out-of-period": ("日期不在本期", "Date out of period"),
    "kind.duplicate": ("重复", "Duplicate"),
    "kind.unknown-org": ("组织不在名录", "Unknown committee"),
    "kind.rule": ("前后矛盾", "Rule"),
    "kind.precision-lost": ("长代码丢位", "Digits lost"),
    "kind.formula-no-value": ("公式无结果", "Formula without value"),
    "kind.org-missing": ("组织不见了", "Committee missing"),
    "kind.records-missing": ("记录变少", "Records missing"),
    "kind.normalized": ("已自动修正", "Corrected"),
    "kind.total-row": ("合计行已跳过", "Total row skipped"),
    "kind.implausible": ("数字变化异常", "Implausible change"),
    "kind.month-locked": ("本月已锁定", "Month locked"),
    "kind.sheet-renamed": ("表名不同", "Sheet renamed"),
    "kind.column-renamed": ("表头不同", "Header edited"),
    "finding.file-unreadable": ("无法读取该文件：{detail}", "The file cannot be read: {detail}"),
    "finding.file-unreadable.hint": (
        "请用 Excel 或 WPS 打开后“另存为” .xlsx 格式再报送",
        "Open it in Excel or WPS, save as .xlsx and send it again",
    ),
    "finding.file-unreadable.os.hint": (
        "请确认文件还在原处、没有被 Excel 或 WPS 打开、有权限读取，然后再试",
        "Check that the file is still there, not open in Excel or WPS, and readable; then try "
        "again",
    ),
    "finding.file-encrypted": ("文件设置了密码保护，无法读取", "The file is password protected"),
    "finding.file-encrypted.hint": (
        "请取消文件密码后重新报送",
        "Remove the password and send it again",
    ),
    "finding.file-too-large": ("文件过大：{detail}", "The file is too large: {detail}"),
    "finding.file-too-large.hint": (
        "请删除多余的工作表、图片和空行后重新报送",
        "Remove extra sheets, pictures and empty rows, then send it again",
    ),
    "finding.file-too-complex": (
        "读取这个文件时{detail}，已停止读取",
        "Reading this file {detail}; reading was stopped",
    ),
    "finding.file-too-complex.hint": (
        "请用 Excel 或 WPS 打开，只保留台账各表，“另存为” .xlsx 后重新报送",
        "Open it in Excel or WPS, keep only the ledger's sheets, save as .xlsx and send it again",
    ),
    "worker.memory": ("所需内存超过上限", "needed more memory than allowed"),
    "worker.time": ("所用时间超过上限", "took longer than allowed"),
    "worker.unexpected": (
        "文件里有表格程序读不了的部分（{detail}）",
        "the file holds parts the spreadsheet library cannot read ({detail})",
    ),
    "worker.crashed": ("读取程序意外中止", "made the reader stop unexpectedly"),
    "finding.feedback-failed": (
        "无法生成标注问题的反馈表（{detail}）",
        "The marked copy could not be made ({detail})",
    ),
    "finding.feedback-failed.hint": (
        "问题都已列出；用 Excel 或 WPS 打开后“另存为” .xlsx 再报送，可得到标注好的反馈表",
        "The problems are all listed; saving the file as .xlsx in Excel or WPS and sending it "
        "again gives a marked copy",
    ),
    "finding.file-link": (
        "这是快捷方式（链接）或特殊文件，不是普通文件，未读取：{detail}",
        "This is a link or a special file, not a regular file; it was not read: {detail}",
    ),
    "finding.file-link.hint": (
        "请把台账文件本身（而不是快捷方式）放进收件箱",
        "Put the ledger file itself, not a link to it, in the inbox",
    ),
    "finding.form-unknown": (
        "没有识别出“{title}”的任何工作表",
        "No sheet of the form '{title}' was recognised",
    ),
    "finding.form-unknown.hint": (
        "请使用区妇联下发的空白台账填报",
        "Fill in the blank ledger sent by the district",
    ),
    "finding.town-unknown": (
        "无法确定填报单位{detail}",
        "The reporting town cannot be determined{detail}",
    ),
    "finding.town-unknown.hint": (
        "在“基本信息”的“填报单位”填写镇街全称，如“{example}”",
        "Enter the town's full name in 基本信息, e.g. {example}",
    ),
    "finding.town-mismatch": (
        "文件中的镇街不一致：{detail}",
        "The file names different towns: {detail}",
    ),
    "finding.town-mismatch.hint": (
        "核对“基本信息”的填报单位和文件名，是否拿错了别的镇街的台账",
        "Check 填报单位 and the file name; is this another town's ledger?",
    ),
    "finding.period-unknown": (
        "截至月份未填写或无法识别",
        "截至月份 (reported month) is missing or unreadable",
    ),
    "finding.period-unknown.hint": (
        "在“基本信息”的“截至月份”填写年月，如 {example}",
        "Enter the month in 基本信息, e.g. {example}",
    ),
    "finding.sheet-missing": ("缺少工作表“{sheet}”", "Sheet '{sheet}' is missing"),
    "finding.sheet-missing.hint": (
        "请不要删除工作表或修改表头；没有记录也请保留空表",
        "Do not delete sheets or change headers; keep empty sheets",
    ),
    "finding.sheet-unknown": (
        "工作表“{sheet}”不属于台账，已忽略",
        "Sheet '{sheet}' is not part of the form and was ignored",
    ),
    "finding.sheet-unknown.hint": (
        "如是台账内容，请移到对应的工作表",
        "Move its records to the right sheet if they belong to the ledger",
    ),
    "finding.column-missing": ("缺少列“{column}”", "Column '{column}' is missing"),
    "finding.column-missing.hint": (
        "请按空白台账恢复该列（可从空白台账复制表头）",
        "Restore the column as in the blank ledger",
    ),
    "finding.column-unknown": (
        "列“{value}”不属于台账，已忽略",
        "Column '{value}' is not part of the form and was ignored",
    ),
    "finding.column-unknown.hint": (
        "如是台账的列，请改回空白台账中的列名",
        "Rename it as in the blank ledger if it belongs there",
    ),
    "finding.column-duplicate": ("列“{column}”出现了两次", "Column '{column}' appears twice"),
    "finding.column-duplicate.hint": ("删除重复的列", "Delete the duplicate column"),
    "finding.required": ("“{column}”未填写", "'{column}' is empty"),
    "finding.required.hint": ("请填写{column}", "Fill in {column}"),
    "finding.type": ("“{value}”不是有效的{expected}", "'{value}' is not a valid {expected}"),
    "finding.type.hint": ("{example}", "{example}"),
    "finding.enum": (
        "“{value}”不是“{column}”的可选值",
        "'{value}' is not an allowed value of '{column}'",
    ),
    "finding.enum.hint": ("{closest}可选：{choices}", "{closest}Allowed: {choices}"),
    "finding.pattern": ("“{value}”不是有效的{expected}", "'{value}' is not a valid {expected}"),
    "finding.pattern.hint": ("{example}", "{example}"),
    "finding.checksum": (
        "统一社会信用代码“{value}”的校验位不对",
        "Check digit of credit code '{value}' is wrong",
    ),
    "finding.checksum.hint": (
        "请对照营业执照核对代码，可能有字符输错",
        "Compare with the business licence; a character is mistyped",
    ),
    "finding.range": (
        "“{column}”的值 {value} 超出范围（{bounds}）",
        "'{column}' = {value} is out of range ({bounds})",
    ),
    "finding.range.hint": ("请核实后填写 {bounds} 内的数值", "Enter a value within {bounds}"),
    "finding.length": ("“{column}”超过 {n} 个字", "'{column}' is longer than {n} characters"),
    "finding.length.hint": ("请精简到 {n} 个字以内", "Shorten it to {n} characters"),
    "finding.period-behind": (
        "截至月份是 {value}，但文件名写的是 {named}，有 {count} 条记录的日期在 {value} 之后："
        "截至月份是否应为 {named}？",
        "截至月份 says {value}, but the file name says {named} and {count} rows are dated after "
        "{value}: should it be {named}?",
    ),
    "finding.period-behind.hint": (
        "如果这是 {named_cn} 的台账，请把“基本信息”的截至月份改为 {named} 后重新报送",
        "If this is the ledger of {named}, set 截至月份 to {named} and send it again",
    ),
    "finding.period-ahead": (
        "截至月份是 {value}，但这份台账 {received} 就收到了，{value_cn}还没开始：截至月份是否应为 "
        "{previous}？",
        "截至月份 says {value}, but the ledger was received on {received}, before {value_cn} "
        "began: should it be {previous}?",
    ),
    "finding.period-ahead.hint": (
        "请核对“基本信息”的截至月份（一般是上个月，{previous}），改正后重新报送",
        "Check 截至月份 in 基本信息 (usually last month, {previous}) and send it again",
    ),
    "finding.date-out-of-period": (
        "日期 {value} 不在本期（{lo} 至 {hi}）",
        "Date {value} is outside the period ({lo} to {hi})",
    ),
    "finding.date-out-of-period.hint": (
        "本年台账只登记 {lo} 至 {hi} 的记录；请核对年份和月份",
        "Only {lo} to {hi} belongs in this ledger; check year and month",
    ),
    "finding.duplicate": (
        "“{value}”重复（第 {other} 行也有）",
        "'{value}' appears twice (also row {other})",
    ),
    "finding.duplicate.hint": (
        "每个{column}只登记一行，请合并或删除重复行",
        "Keep one row per {column}",
    ),
    "finding.unknown-org": ("“{value}”不在妇委会名录中", "'{value}' is not in 妇委会名录"),
    "finding.unknown-org.hint": (
        "{closest}组织名称须与“妇委会名录”完全一致，或填“{town}妇联”",
        "{closest}Use the exact name from 妇委会名录, or '{town}妇联'",
    ),
    "finding.rule": ("{message}", "{message}"),
    "finding.rule.hint": ("{hint}", "{hint}"),
    "finding.precision-lost": (
        "“{value}”是以数字保存的长代码，已丢失位数",
        "'{value}' is a long code stored as a number and has lost digits",
    ),
    "finding.precision-lost.hint": (
        "把单元格设为“文本”格式后重新输入完整代码",
        "Format the cell as text and type the full code again",
    ),
    "finding.formula-no-value": (
        "单元格是公式（{value}），但没有计算结果",
        "The cell holds a formula ({value}) with no computed value",
    ),
    "finding.formula-no-value.hint": (
        "在 Excel 中打开后保存一次再报送，或直接填写数值",
        "Open and save it in Excel, or type the value",
    ),
    "finding.org-missing": (
        "上次报送的组织“{value}”不见了，也没有标记为“已撤销”",
        "Organisation '{value}' of the previous submission is gone without being marked 已撤销",
    ),
    "finding.org-missing.hint": (
        "组织撤销时请保留该行，把组织状态改为“已撤销”",
        "Keep the row and set 组织状态 to 已撤销",
    ),
    "finding.records-missing": (
        "“{sheet}”比上次报送的台账少了 {n} 条本年度的记录（如 {examples}）",
        "'{sheet}' has {n} fewer records of this year than the previous submission (e.g. "
        "{examples})",
    ),
    "finding.records-missing.hint": (
        "台账是全年累计的：请在上次报送的台账上接着填写，不要删除已登记的记录；如是删除了登记错的记录，可不理会本提醒",
        "The ledger is cumulative: keep adding to the previous one and never delete earlier "
        "records",
    ),
    "finding.sheet-renamed": (
        "工作表“{value}”按“{sheet}”读取",
        "Sheet '{value}' was read as {sheet}",
    ),
    "finding.sheet-renamed.hint": (
        "不用处理；以后请保留空白台账的表名",
        "Nothing to do; keep the blank ledger's sheet names next time",
    ),
    "finding.column-renamed": (
        "表头“{value}”按“{column}”读取",
        "Header '{value}' was read as {column}",
    ),
    "finding.column-renamed.hint": (
        "不用处理；以后请保留空白台账的表头",
        "Nothing to do; keep the blank ledger's headers next time",
    ),
    "finding.normalized": ("已自动修正：“{old}” → “{new}”", "Repaired: '{old}' -> '{new}'"),
    "finding.normalized.as_text": (
        "已自动修正：{old} 存成了数字，已改为文字“{new}”"
        "（号码存成数字会丢掉开头的 0，长的会变成科学计数）",
        "Repaired: {old} was stored as a number, now the text '{new}' (numbers lose leading zeros "
        "and long ones turn into 1.38E+10)",
    ),
    "finding.normalized.formula.hint": (
        "这个公式会连到表格以外（外部链接、DDE 或网址），反馈表里只保留它的结果（文字）",
        "This formula reaches outside the workbook (a link, DDE or a web address); the feedback "
        "copy keeps only its result, as text",
    ),
    "finding.implausible": (
        "“{org}”的{column}是 {value}，上次报的是 {old}，相差超过 {factor} 倍",
        "{org}: {column} is {value}, it was {old} last time (more than {factor} times apart)",
    ),
    "finding.implausible.hint": (
        "请核实是否多打或少打了一位数；确实如此的，区妇联核实后可标记为已核实",
        "Check for a digit too many or too few; if it is right, the district can mark it checked",
    ),
    "finding.implausible.flow": (
        "本镇街{month}月的{flow}是 {value}，前几个月通常在 {usual} 左右，差得太多",
        "This town's {flow} of month {month} is {value}; earlier months were about {usual}",
    ),
    "finding.implausible.flow.hint": (
        "请核实是否多填、重复填了记录或多打了一位数；确实如此的，区妇联核实后可标记为已核实",
        "Check for rows entered twice or a digit too many; if it is right, the district can mark "
        "it checked",
    ),
    "flow.activities": ("活动次数", "activities"),
    "flow.participants": ("参与人次", "participants"),
    "flow.beneficiaries": ("受益人数", "beneficiaries"),
    "flow.donations": ("捐赠金额（元）", "donations (yuan)"),
    "finding.month-locked": (
        "{month}的台账已由区妇联审核通过（第 {id} 号），本月已锁定，这份不再生效",
        "The ledger of {month} was approved by the district (#{id}); the month is locked and "
        "this file does not take effect",
    ),
    "finding.month-locked.hint": (
        "如确需修改，请联系区妇联重新开放该月，再报送",
        "To change it, ask the district to reopen the month, then send it again",
    ),
    "finding.total-row": (
        "合计或说明行，已跳过：“{value}”",
        "Totals or note row skipped: '{value}'",
    ),
    # --- reading: why a file cannot be read
    "read.dtd": (
        "文件内部含有不允许的 DTD/实体声明（{part}），可能是恶意文件",
        "an XML part declares a DTD or entities ({part}); refused as hostile",
    ),
    "read.unzipped": ("解压后 {mb} MB，超过上限", "{mb} MB when unzipped, over the limit"),
    "read.ratio": ("压缩比异常（疑似压缩炸弹）", "abnormal compression ratio (zip bomb?)"),
    "read.xlsb": (
        "这是 .xlsb 二进制工作簿，请另存为 .xlsx",
        "an .xlsb binary workbook; save it as .xlsx",
    ),
    "read.odt": ("这是文字文档，不是电子表格", "a text document, not a spreadsheet"),
    "read.docx": ("这是 Word 文档，不是 Excel 工作簿", "a Word document, not a workbook"),
    "read.zip": ("压缩包里没有工作簿", "a zip archive without a workbook"),
    "read.bad_zip": ("文件已损坏（压缩结构不完整）", "damaged (incomplete zip)"),
    "read.open": ("无法打开文件（{reason}）", "cannot open ({reason})"),
    "read.empty": ("文件是空的（0 字节）", "the file is empty"),
    "read.size": ("{mb} MB，超过 {limit} MB 上限", "{mb} MB, over the {limit} MB limit"),
    "read.html": (
        "这是网页（HTML/XML）文件改了扩展名，不是真正的 Excel 工作簿",
        "an HTML/XML file renamed, not a real workbook",
    ),
    "read.pdf": (
        "这是 PDF 文件，不是 Excel 工作簿：请报送台账的 Excel 文件本身",
        "a PDF, not a workbook: send the Excel file itself",
    ),
    "read.picture": (
        "这是图片（照片或截图），不是 Excel 工作簿：请报送台账的 Excel 文件本身",
        "a picture, not a workbook: send the Excel file itself",
    ),
    "read.not_workbook": (
        "这不是 Excel 工作簿（可能是文本或 CSV 文件改了扩展名）",
        "not a workbook (perhaps a text or CSV file renamed)",
    ),
    "read.damaged": ("文件已损坏，无法解析（{detail}）", "damaged, cannot be parsed ({detail})"),
    "read.extent": (
        "工作表“{sheet}”的数据区域有 {rows} 行 × {cols} 列，超过上限",
        "sheet '{sheet}' spans {rows} rows x {cols} columns, over the limits",
    ),
    "read.rows": (
        "工作表“{sheet}”有 {rows} 行，超过 {limit} 行上限",
        "sheet '{sheet}' has {rows} rows, over the {limit} limit",
    ),
    "read.cells": ("单元格超过 {limit} 个", "more than {limit} cells"),
    "read.text": (
        "表格里的文字共 {mb} MB，超过 {limit} MB 上限",
        "{mb} MB of text in the sheets, over the {limit} MB limit",
    ),
    "read.long_text": (
        "有单元格的文字超过 Excel 单元格能容纳的 {limit} 个字",
        "a cell holds more text than the {limit} characters Excel allows in a cell",
    ),
    "read.merges": (
        "合并单元格有 {count} 处，超过 {limit} 处上限（工作表“{sheet}”）",
        "{count} merged ranges, over the {limit} limit (sheet '{sheet}')",
    ),
    "read.extent_far": (
        "工作表“{sheet}”的数据区域有 {rows} 行 × {cols} 列，超过上限（最远的内容在 {cell}，"
        "请删除该单元格的内容）",
        "sheet '{sheet}' spans {rows} rows x {cols} columns, over the limits (the farthest "
        "content is in {cell}: clear that cell)",
    ),
    # --- alerts (预警)
    "alert.kind.dormant": ("长期无活动", "dormant"),
    "alert.kind.weak": ("软弱涣散", "weak"),
    "alert.kind.org-missing": ("组织消失", "organisation gone"),
    "alert.kind.records-missing": ("记录减少", "rows missing"),
    "alert.kind.behind-quota": ("建组进度落后", "behind quota"),
    "alert.kind.late": ("逾期报送", "late"),
    "alert.kind.missing": ("未报送", "missing"),
    "alert.kind.rejected": ("未通过校验", "rejected"),
    "alert.kind.returned": ("已退回", "returned"),
    "alert.returned": ("区妇联退回：{reason}", "returned by the district: {reason}"),
    "alert.weak": ("组织状态为“{value}”", "state is {value}"),
    "alert.dormant": (
        "成立于{founded}，{since}至{upto}没有活动和服务记录",
        "founded {founded}; no activity or service from {since} to {upto}",
    ),
    "alert.quota": ("年度任务{quota}个", "yearly quota {quota}"),
    "alert.behind": (
        "已完成{built}个，按时间进度截至{month}月底应完成{due}个",
        "{built} built; {due} due by the end of month {month}",
    ),
    "alert.late": ("逾期报送（{when}，截止{deadline}）", "late ({when}; due {deadline})"),
    "alert.missing": ("未报送{year}年{month}月台账", "no ledger for {year}-{month}"),
    "alert.rejected": (
        "报送的台账未通过校验（错误{errors}处）",
        "the ledger sent failed checking ({errors} errors)",
    ),
    # --- TOML files (fedxl.toml, form.toml)
    "toml.encoding": (
        "文件编码无法识别，请用记事本打开后“另存为”，编码选 UTF-8",
        "unknown encoding: save the file as UTF-8",
    ),
    "toml.fullwidth": (
        "这一行用了中文标点 {chars}，请改成英文的 {ascii}：{text}",
        "this line uses Chinese punctuation {chars}; use {ascii}: {text}",
    ),
    "toml.syntax": ("写法不对（{detail}）：{text}", "{detail}: {text}"),
    "toml.gbk": (
        "提示：{file} 是按 GBK（记事本“ANSI”）保存的，已照常读取；建议另存为 UTF-8。",
        "Note: {file} is saved as GBK (Notepad 'ANSI') and was read as such; saving it as UTF-8 "
        "is better.",
    ),
    # --- operating-system errors
    "os.missing": ("文件或文件夹不存在", "no such file or folder"),
    "os.denied": (
        "文件正被其他程序（如 Excel、WPS）打开，或没有权限，请关闭后再试",
        "the file is open in another program (Excel, WPS) or access is denied; close it and try "
        "again",
    ),
    "os.full": ("磁盘已满", "the disk is full"),
    "os.folder": ("这是文件夹，不是文件", "this is a folder, not a file"),
    "os.readonly": ("磁盘或文件夹是只读的", "the disk or folder is read-only"),
    # --- usage errors and help
    "usage.no_command": ("没有“{name}”这个命令", "No such command '{name}'"),
    "usage.no_option": ("没有 {option} 这个选项", "No such option {option}"),
    "usage.did_you_mean": ("（是不是 {value}？）", " (did you mean {value}?)"),
    "usage.missing": ("缺少 {name}", "Missing {name}"),
    "usage.bad_value": ("{name} 的值不对：{detail}", "Invalid value for {name}: {detail}"),
    "usage.needs_value": ("选项 {option} 后面要写上值", "Option {option} requires a value"),
    "usage.extra": ("多余的参数：{detail}", "Unexpected extra arguments: {detail}"),
    "usage.other": ("命令写得不对：{detail}", "Usage error: {detail}"),
    "usage.hint": ("。用 {command} --help 查看用法。", ". See {command} --help."),
    "help.help": ("显示本说明后退出", "Show this message and exit."),
    "help.usage": ("用法：", "Usage: "),
    "help.options": ("选项", "Options"),
    "help.commands": ("命令", "Commands"),
    "help.arguments": ("参数", "Arguments"),
    # --- store
    "store.lost": (
        "登记库 {path} 不见了或是空的，但存档里有 {count} 份收到的台账。为防止数据丢失，fedxl "
        "不会新建空库。"
        "请运行 fedxl rebuild 从存档重建登记库（收到时间和原文件名都会恢复）。",
        "The store {path} is missing or empty although the archive holds {count} received files. "
        "fedxl will not start an empty one: run fedxl rebuild to rebuild it from the archive.",
    ),
    "store.corrupt": (
        "登记库 {path} 已损坏（{detail}）。请运行 fedxl rebuild 从存档重建（损坏的文件会留作备份）"
        "。",
        "The store {path} is damaged ({detail}). Run fedxl rebuild to rebuild it from the archive "
        "(the damaged file is kept).",
    ),
    "store.readonly": (
        "无法写入登记库 {path}：文件夹是只读的或没有权限。请检查 workbooks "
        "文件夹的权限（或是否放在只读的网盘、光盘上）。",
        "Cannot write the store {path}: the folder is read-only or access is denied.",
    ),
    "store.full": (
        "无法写入登记库 {path}：磁盘已满。请清理磁盘空间后再试（登记库本身没有损坏，不要重建）。",
        "Cannot write the store {path}: the disk is full. Free some space and try again (the "
        "store is not damaged; do not rebuild it).",
    ),
    "store.failed": (
        "登记库 {path} 出错（{detail}）。请稍后再试；如果一直出错，请把这句话发给维护人员。",
        "The store {path} failed ({detail}). Try again later; if it keeps failing, send this "
        "message to whoever maintains fedxl.",
    ),
    "store.maintenance": (
        "系统正在维护（登记库正在恢复），请稍后再试。",
        "Under maintenance (the store is being restored); please try again later.",
    ),
    "store.busy": (
        "登记库 {path} 正被另一个程序占用，请稍后再试。",
        "The store {path} is in use by another program; try again.",
    ),
    "store.connect": (
        "连不上数据库 {path}（{detail}）。请检查 fedxl.toml 里 [store] url（或环境变量 "
        "FEDXL_DATABASE_URL）的服务器地址、端口、用户名、密码和数据库名，以及数据库服务器是否开着；"
        "什么都没有写。",
        "Cannot connect to the database {path} ({detail}). Check the server, port, user, password "
        "and database name in fedxl.toml's [store] url (or FEDXL_DATABASE_URL), and that the "
        "server is running; nothing was written.",
    ),
    "store.gone": (
        "和数据库 {path} 的连接中途断了（{detail}）。已经登记的台账都在，没登记完的留在收件箱里；"
        "服务器恢复后再运行一次即可，不会重复登记。",
        "The connection to the database {path} was lost ({detail}). What was recorded is kept and "
        "the rest stays in the inbox; run again once the server is back (nothing is recorded "
        "twice).",
    ),
    "store.denied": (
        "数据库 {path} 不让写入（{detail}）。请让管理数据库的同事给 fedxl 的用户建表和写入的权限。",
        "The database {path} refused the write ({detail}). Ask whoever runs the database to grant "
        "fedxl's role the right to create tables and write.",
    ),
    "store.no_driver": (
        "fedxl.toml 里设了 PostgreSQL 数据库，但没有装连接它的组件。"
        '请运行 pip install "fedxl[server]"（装 psycopg），或者去掉 [store] url 改用本机登记库。',
        "fedxl.toml names a PostgreSQL database but its driver is not installed. Run "
        'pip install "fedxl[server]" (psycopg), or remove [store] url to use the local store.',
    ),
    "rebuild.lost": (
        "原登记库里有 {count} 份报送没能恢复（请让这些镇街重新报送，或找回存档文件后再运行 fedxl "
        "rebuild）：",
        "{count} submissions of the old store could not be restored (ask those towns to send them "
        "again, or put the archived copies back and rebuild again):",
    ),
    "rebuild.no_copy": ("存档里的副本不见了", "its archived copy is gone"),
    "rebuild.not_taken": (
        "存档副本还在，但没能重新登记",
        "its archived copy is there but could not be recorded again",
    ),
    "rebuild.done": (
        "已从存档重建登记库：存档 {count} 份，登记 {recorded} 份（通过 {accepted}，未通过 "
        "{rejected}，无法读取 {unreadable}）。",
        "Store rebuilt from the archive: {count} archived, {recorded} recorded ({accepted} "
        "accepted, "
        "{rejected} rejected, {unreadable} unreadable).",
    ),
    "rebuild.aside": ("原来的登记库已改名保留：{path}", "The old store was kept as {path}"),
    # --- web intake (fedxl serve)
    "web.title": ("{district}台账报送", "{district} ledger intake"),
    "web.town_heading": ("{town} 台账报送", "{town}: ledger submission"),
    "web.this_month": ("{month}台账", "Ledger for {month}"),
    "web.deadline": ("报送截止：{deadline}", "Due: {deadline}"),
    "web.state": ("当前状态：{state}", "State: {state}"),
    "web.blank": (
        "下载本月台账（已填入上次报送的内容）",
        "Download this month's ledger (last time's rows filled in)",
    ),
    "web.send_heading": ("报送台账", "Send the ledger"),
    "web.choose": (
        "选择台账文件（.xlsx、.xls、.et 等）",
        "Choose the ledger file (.xlsx, .xls, .et…)",
    ),
    "web.drop": ("也可以把文件拖到这里", "or drop the file here"),
    "web.send": ("报送并校验", "Send and check"),
    "web.sending": ("正在校验，请稍候……", "Checking, please wait…"),
    "web.history": ("报送记录", "Submissions"),
    "web.col.received": ("报送时间", "Received"),
    "web.col.file": ("文件", "File"),
    "web.col.month": ("月份", "Month"),
    "web.col.result": ("校验结果", "Result"),
    "web.col.feedback": ("反馈表", "Feedback"),
    "web.counts": ("错误 {errors}　警告 {warnings}", "{errors} errors, {warnings} warnings"),
    "web.none_yet": ("还没有报送记录。", "Nothing sent yet."),
    "web.details": ("查看", "View"),
    "web.result_heading": ("校验结果：{file}", "Check result: {file}"),
    "web.received_ok": ("已收到，校验通过。", "Received: the ledger passed the check."),
    "web.received_warn": (
        "已收到，校验通过，但有 {warnings} 条警告，请核对。",
        "Received and accepted, with {warnings} warnings to look at.",
    ),
    "web.received_bad": (
        "已收到，但有 {errors} 处错误，本次不算报送成功。请按下表修改后重新报送。",
        "Received, but with {errors} errors: this does not count as sent. Correct them and send "
        "again.",
    ),
    "web.unreadable": (
        "文件打不开，本次不算报送成功。",
        "The file cannot be read; this does not count as sent.",
    ),
    "web.duplicate": (
        "{note}。下面是那一次的校验结果。",
        "{note}. Below is the result of that time.",
    ),
    "web.feedback_link": (
        "下载标注了问题的台账（反馈表）",
        "Download the marked-up ledger (feedback)",
    ),
    "web.changes_link": (
        "下载带“与上月对比”的台账",
        "Download the ledger with its 与上月对比 sheet (what changed)",
    ),
    "web.back": ("返回报送页面", "Back"),
    "web.bad_link": (
        "链接无效或已更换，请向区妇联索取新的报送链接。",
        "This link is not valid (any more); ask the district for a new one.",
    ),
    "web.not_found": ("没有找到这个页面。", "Page not found."),
    "web.not_form": (
        "没有收到文件，请重新选择文件后报送。",
        "No file received; choose the file and send again.",
    ),
    "web.no_file": (
        "没有收到完整的文件，请重新报送。",
        "The file did not arrive whole; send it again.",
    ),
    "web.too_large": (
        "文件超过 {limit} MB，未收下。请删除多余的图片或空白行后再报送。",
        "The file is over {limit} MB and was not taken. Remove pictures or empty rows and send "
        "again.",
    ),
    "web.too_many": ("报送太频繁，请一分钟后再试。", "Too many uploads; try again in a minute."),
    "feedback.too_large": (
        "文件有 {cells} 个单元格，超过 {limit} 个，不生成标注反馈表",
        "the file has {cells} cells, over {limit}: no marked copy is made",
    ),
    "web.too_slow": (
        "文件传得太慢，连接已中断，请换个网络或稍后重新报送。",
        "The upload came too slowly and was stopped; try again later or on another network.",
    ),
    "web.too_many_downloads": (
        "下载太频繁，请一分钟后再试。",
        "Too many downloads; try again in a minute.",
    ),
    "web.no_feedback": (
        "这份台账无法生成标注好的反馈表，问题已列在结果页上。",
        "No marked copy could be made of this ledger; its problems are listed on its result page.",
    ),
    "web.queued": (
        "文件已收到，正在排队登记（区里正在处理其他台账）。不用重新报送，几分钟后回到报送页面就能看到结果。",
        "File received and queued (the district is processing other ledgers). No need to send "
        "again: look at the page in a few minutes.",
    ),
    "web.same_as_other": (
        "这个文件和别的镇街报送过的文件一模一样，本次不算报送。请确认是不是拿错了文件；"
        "如果确实是本镇街的台账，请用 Excel 或 WPS 打开、保存一次后再报送。",
        "This file is byte for byte one another town has sent; it does not count. Check that it "
        "is the right file.",
    ),
    "web.no_file_chosen": (
        "还没有选择文件：请点“选择文件”选好台账后再报送。",
        "No file chosen: choose the ledger, then send.",
    ),
    "web.empty_file": (
        "文件是空的（0 字节），请重新选择台账文件。",
        "The file is empty (0 bytes); choose the ledger again.",
    ),
    "web.other_month": (
        "注意：这份台账的截至月份是{month}；当时应报送的是{due}的台账（截止{deadline}）。如果是补报或更正{month}的台账，可以不理会本提示。",
        "Note: this ledger is for {month}; the one due then was {due} (by {deadline}). Ignore "
        "this if you meant to correct {month}.",
    ),
    "web.future_month": (
        "这份台账的截至月份写的是{month}，还没到报送的时候；应报送的是{due}的台账（截止{deadline}"
        "）。请把“基本信息”里的截至月份改为 {due_iso} 后重新报送。",
        "This ledger says {month}, which is not due yet; the one due is {due} (by {deadline}). "
        "Set 截至月份 to {due_iso} and send again.",
    ),
    "web.home": (
        "这是区妇联的台账报送服务。请用区妇联发给本镇街的报送链接打开；区妇联工作人员请打开管理链接。",
        "This is the district's ledger intake. Towns: open the link the district sent you; "
        "district staff: the admin link.",
    ),
    "web.announce": (
        "{when} {town} 报送 {file}：{state}（错误 {errors}，警告 {warnings}）",
        "{when} {town} sent {file}: {state} ({errors} errors, {warnings} warnings)",
    ),
    "web.wechat": (
        "微信里不能直接下载文件：请点右上角“…”，选“在浏览器打开”，再下载。",
        "WeChat cannot download files here: open this page in the browser (top-right menu) first.",
    ),
    "web.failed": (
        "服务器出错了，请稍后再试；一直这样的话，请联系区妇联。",
        "The server failed; try again later, and tell the district if it goes on.",
    ),
    "web.set_aside": (
        "{town} 报送的“{name}”在登记时服务器停止了 {attempts} 次，已移到这里，不再自动登记。"
        "请打开检查，或请镇街另存为 .xlsx 后重新报送。",
        "'{name}' from {town} stopped the server {attempts} times while being taken in; it was "
        "moved here and is not taken in again by itself.",
    ),
    "web.cannot_save": (
        "服务器暂时无法保存文件（磁盘已满或没有写入权限），文件没有收下，请稍后重新报送，并告诉区妇联。",
        "The server cannot save files just now (disk full or no permission): the file was not "
        "taken; send it again later and tell the district.",
    ),
    "web.failed_kept": (
        "服务器处理时出错，文件已保存，区妇联会处理，不用重新报送。",
        "The server failed while processing; the file was kept and the district will see to it.",
    ),
    "web.csrf": (
        "页面已过期，请刷新页面后重新操作。",
        "The page has expired; reload it and try again.",
    ),
    "web.admin_heading": ("{district}台账报送情况", "{district}: ledger intake"),
    "web.login": ("登录", "Log in"),
    "web.logout": ("退出", "Log out"),
    "web.admin_token": ("管理链接或口令", "Admin link or token"),
    "web.login_how": (
        "请重新打开区妇联管理页面的链接（fedxl serve 窗口里显示的那个，或 fedxl links 最后一行），"
        "也可以把它粘贴到下面。",
        "Open the admin link again (shown in the fedxl serve window, or the last line of fedxl "
        "links), or paste it below.",
    ),
    "web.session_over": (
        "登录已过期或服务已重新启动，本表已停止刷新：请重新打开管理链接。",
        "The session has ended (or the server restarted); the board no longer refreshes. Open the "
        "admin link again.",
    ),
    "web.admin_locked": (
        "区里另一个 fedxl 正在运行（例如每天早上的自动运行），请过几分钟再点。",
        "Another fedxl is running (the morning job?); try again in a few minutes.",
    ),
    "web.admin_nothing": (
        "{month}还没有通过校验的台账，所以没有生成（没有写入任何文件）。",
        "{month} has no accepted ledger yet: nothing was made.",
    ),
    "web.kept": (
        "原来的 {kept} 生成后被人修改过，已原样保留，新文件另存了一份。",
        "The earlier {kept} had been edited and was kept; the new one was saved beside it.",
    ),
    "web.login_failed": ("口令不对。", "Wrong token."),
    "web.board_month": ("月份", "Month"),
    "web.show": ("查看", "Show"),
    "web.refresh_note": ("本表每 20 秒自动刷新。", "This table refreshes every 20 seconds."),
    "web.actions": ("生成", "Make"),
    "web.who": ("管理页面（会话 {session}）", "admin page (session {session})"),
    "web.decide_id": (
        "请填报送编号（报送情况表里的“编号”）。",
        "Give the submission's number (the board's 编号 column).",
    ),
    "web.decide_heading": ("区里的决定", "Decisions"),
    "web.decide_help": (
        "审核通过、退回、作废、恢复填编号；警告已核实再填序号；重新开放、展期选镇街（月份按上面选的月份）。"
        "原因会记入操作记录，退回的原因镇街能看到。",
        "Approve, return, void, restore: give the number. Reopen, extend: choose the town (the "
        "month chosen above). The reason is kept in the log; a town sees why it was returned.",
    ),
    "web.decide_kind": ("操作", "Decision"),
    "web.decide_number": ("编号", "Number"),
    "web.decide_town": ("镇街", "Town"),
    "web.decide_seq": ("序号（警告已核实）", "No. (warning checked)"),
    "web.decide_n": (
        "请填反馈表“校验结果”里那条警告的序号。",
        "Give the warning's number in the feedback's 校验结果 list.",
    ),
    "web.decide_until": ("延至（展期）", "Until (extension)"),
    "web.decide_reason": ("原因", "Reason"),
    "web.decide_submit": ("提交", "Submit"),
    "web.log_heading": ("操作记录", "Decisions made"),
    "web.log_none": ("还没有操作记录。", "No decisions yet."),
    "web.changes_heading": ("本次变化", "What changed"),
    "web.find_heading": ("查找", "Find"),
    "web.find_hint": ("妇委会名称、人名、电话或信用代码", "organisation, person, phone or code"),
    "web.find": ("查找", "Find"),
    "web.note_returned": ("区妇联已退回：{reason}", "Returned by the district: {reason}"),
    "web.note_voided": ("区妇联已作废：{reason}", "Voided by the district: {reason}"),
    "web.note_approved": ("区妇联已审核通过", "Approved by the district"),
    "web.until": ("区妇联已同意延至 {until}", "extended by the district to {until}"),
    "web.returned": (
        "区妇联退回了本月台账：{reason}。请修改后重新报送。",
        "The district returned this month's ledger: {reason}. Correct it and send it again.",
    ),
    "web.approved": (
        "{month}的台账已由区妇联审核通过，不需要再报送；如需修改，请先联系区妇联。",
        "The ledger of {month} was approved by the district; to change it, ask the district first.",
    ),
    "web.do_merge": ("生成{month}汇总表", "Make the summary of {month}"),
    "web.do_briefing": ("生成{month}工作简报", "Make the briefing of {month}"),
    "web.merged": ("汇总表已生成：{name}", "Summary written: {name}"),
    "web.reported": ("简报已生成：{name}", "Briefing written: {name}"),
    "web.outputs": ("最近的汇总表和报告", "Latest summaries and reports"),
    "web.no_outputs": ("还没有生成汇总表或报告。", "No summaries or reports yet."),
    "web.serving": ("fedxl 网页收件已启动：{url}", "fedxl intake is running: {url}"),
    "web.serving_admin": (
        "区妇联管理页面（不要外传）：{url}",
        "District admin page (keep private): {url}",
    ),
    "web.serving_links": (
        "各镇街的报送链接：fedxl links（或 fedxl菜单.bat 选 7），分别发给各镇街；"
        "镇街报送时这里会显示一行。",
        "Each town's link: fedxl links (one per town); a line appears here as towns send.",
    ),
    "web.serving_local": (
        "现在只有本机能打开（按 Ctrl+C 停止）。要让镇街在局域网里访问：fedxl serve --host "
        "0.0.0.0，并在 Windows 防火墙里允许端口 {port}。",
        "Only this PC can open it now. For the towns on the LAN: fedxl serve --host 0.0.0.0 and "
        "allow port {port} in the firewall.",
    ),
    "web.serving_lan": (
        "局域网里的电脑可以访问；按 Ctrl+C 停止。",
        "Reachable on the LAN; Ctrl+C stops it.",
    ),
    "web.resumed": (
        "上次停止前收到、尚未登记的 {count} 份文件已重新收件。",
        "{count} uploads received before the last stop are being taken in.",
    ),
    "web.no_web": (
        '网页收件需要 fedxl[web]：pip install "fedxl[web]"（离线安装包已包含）。',
        'The intake page needs fedxl[web]: pip install "fedxl[web]".',
    ),
    "web.port_busy": (
        "端口 {port} 已被占用（可能 fedxl serve 已在运行）。换一个端口：fedxl serve --port 8751",
        "Port {port} is in use (fedxl serve may be running already). Try: fedxl serve --port 8751",
    ),
    "links.town": ("镇街", "Town"),
    "links.url": ("报送链接", "Link"),
    "links.admin": ("区妇联管理页面", "District admin page"),
    "links.note": (
        "每个链接只能报送本镇街的台账，请分别发给各镇街，不要群发。链接泄露时：fedxl links "
        "--renew 镇街名",
        "Each link sends for one town only: send each town its own. If one leaks: fedxl links "
        "--renew TOWN",
    ),
    "links.renewed": (
        "已更换 {town} 的链接，旧链接立即失效。",
        "{town}'s link was replaced; the old one no longer works.",
    ),
    "links.unknown_town": ("fedxl.toml 里没有镇街“{town}”。", "No town “{town}” in fedxl.toml."),
    # --- status
    "state.submitted": ("已报送", "submitted"),
    "state.late": ("逾期报送", "late"),
    "state.rejected": ("未通过校验", "rejected"),
    "state.returned": ("已退回", "returned"),
    "state.missing": ("未报送", "missing"),
    "state.pending": ("待报送", "pending"),
    "state.used": ("{state}（沿用{month}月）", "{state} (using month {month})"),
    "state.records_missing": ("{state}（记录减少）", "{state} (rows missing)"),
    "status.title": (
        "{month} 台账报送情况（截止 {deadline}）",
        "Ledgers for {month} (due {deadline})",
    ),
    "status.col.town": ("镇街", "Town"),
    "status.col.id": ("编号", "No."),
    "status.approved": ("（已审核）", " (approved)"),
    "status.until": ("（展期至{until}）", " (extended to {until})"),
    "status.col.state": ("状态", "State"),
    "status.col.time": ("报送时间", "Received"),
    "status.col.file": ("文件", "File"),
    "status.col.errors": ("错误", "Errors"),
    "status.col.warnings": ("警告", "Warnings"),
    "status.col.count": ("份数", "Files"),
    # --- the district's decisions (fedxl void / extend / review / reopen / log)
    "decide.no_submission": ("没有第 {id} 号报送记录。", "There is no submission #{id}."),
    "decide.no_reason": (
        "请用 --reason 写明原因（会记入操作记录，退回的原因镇街能看到）。",
        "Give the reason with --reason (it is kept in the log; a town sees why it was returned).",
    ),
    "decide.not_voided": ("第 {id} 号没有作废，无需恢复。", "#{id} is not voided."),
    "decide.voided_already": ("第 {id} 号已经作废。", "#{id} is voided already."),
    "decide.locked_first": (
        "第 {id} 号是{month}审核通过的台账，请先重新开放该月（fedxl reopen）。",
        "#{id} is the approved ledger of {month}: reopen the month first (fedxl reopen).",
    ),
    "decide.approve_not_accepted": (
        "第 {id} 号没有通过校验或已不生效，不能审核通过。",
        "#{id} did not pass the check or is out of effect: it cannot be approved.",
    ),
    "decide.approve_not_effective": (
        "第 {id} 号不是该镇街这个月正在生效的台账（正在生效的是第 {effective} 号）。",
        "#{id} is not the town's effective ledger of the month (#{effective} is).",
    ),
    "decide.locked_already": (
        "{town}{month}的台账已经审核通过。",
        "{town}'s ledger of {month} is approved already.",
    ),
    "decide.return_not_accepted": (
        "第 {id} 号没有通过校验或已不生效，不能退回。",
        "#{id} did not pass the check or is out of effect: it cannot be returned.",
    ),
    "decide.not_locked": (
        "{town}{month}的台账没有审核锁定，无需重新开放。",
        "{town}'s month {month} is not locked.",
    ),
    "decide.not_due": (
        "{town}不需要报送{month}的台账（在 fedxl.toml 里它那时还没有设立或已经撤并）。",
        "{town} does not report {month} (fedxl.toml).",
    ),
    "decide.extension_range": (
        "展期到 {until} 不行：应在原截止日期 {deadline} 之后、{latest} 之前（含）。",
        "An extension to {until} is not possible: it must be after {deadline} and no later "
        "than {latest}.",
    ),
    "decide.bad_date": (
        "日期“{value}”看不懂，请写成 2026-08-15。",
        "Cannot read the date '{value}'.",
    ),
    "decide.done.void": ("第 {id} 号已作废：{reason}", "#{id} voided: {reason}"),
    "decide.done.unvoid": ("第 {id} 号已恢复。", "#{id} restored."),
    "decide.done.approve": (
        "第 {id} 号已审核通过，{town}{month}已锁定。",
        "#{id} approved; {town}'s month {month} is locked.",
    ),
    "decide.done.return": ("第 {id} 号已退回：{reason}", "#{id} returned: {reason}"),
    "decide.done.accept": (
        "第 {id} 号的这条警告已标记为已核实，同样的数不再提示。",
        "The warning of #{id} is marked checked; the same value is not warned of again.",
    ),
    "decide.no_warning": ("第 {id} 号没有序号 {n} 的问题。", "#{id} has no finding number {n}."),
    "decide.not_acceptable": (
        "第 {id} 号的第 {n} 条（{code}）不是可以标记已核实的警告"
        "（只有数字变化异常、组织不见了、记录变少）。",
        "Finding {n} of #{id} ({code}) cannot be marked checked (only implausible, org-missing, "
        "records-missing).",
    ),
    "decide.accepted_already": (
        "第 {id} 号的第 {n} 条已经标记为已核实。",
        "Finding {n} of #{id} is marked checked already.",
    ),
    "decide.done.reopen": ("{town}{month}已重新开放。", "{town}'s month {month} reopened."),
    "decide.done.reopened": (
        "锁定期间被拒收的第 {ids} 号重新生效判断：现在生效的是第 {effective} 号。",
        "Refused while locked: #{ids}, judged again; #{effective} is now effective.",
    ),
    "decide.done.extend": (
        "{town}{month}的报送截止日期延至 {until}。",
        "{town}'s deadline for {month} extended to {until}.",
    ),
    "decide.effective": (
        "{town}{month}现在生效的是第 {id} 号。",
        "{town}'s effective ledger of {month}: #{id}.",
    ),
    "decide.none_effective": (
        "{town}{month}现在没有生效的台账。",
        "{town} has no effective ledger of {month} now.",
    ),
    "decision.void": ("作废", "void"),
    "decision.unvoid": ("恢复", "restore"),
    "decision.extend": ("展期", "extension"),
    "decision.approve": ("审核通过", "approval"),
    "decision.reopen": ("重新开放", "reopening"),
    "decision.return": ("退回", "return"),
    "decision.link": ("更换链接", "new link"),
    "decision.accept": ("警告已核实", "warning checked"),
    "decision.recheck": ("重新校验", "checked again"),
    "alert.kind.implausible": ("数字变化异常", "implausible change"),
    "changes.need": (
        "请写明镇街和月份（--town 镇街 --month 2026-07），或 --id 编号。",
        "Give the town and month (--town T --month 2026-07), or --id N.",
    ),
    "changes.none": ("{town}{month}没有生效的台账。", "{town} has no effective ledger of {month}."),
    "changes.first": (
        "第 {id} 号是本年度第一份生效的台账，没有可比较的。",
        "#{id} is the first effective ledger of the year: nothing to compare with.",
    ),
    "changes.head": (
        "{town}{month}（第 {id} 号）与{before}（第 {before_id} 号）相比：",
        "{town}, {month} (#{id}) against {before} (#{before_id}):",
    ),
    "changes.added": ("新增妇委会 {n} 个：{names}", "{n} organisations added: {names}"),
    "changes.withdrawn": ("撤销 {n} 个：{names}", "{n} withdrawn: {names}"),
    "changes.gone": (
        "不见了（没有标“已撤销”）{n} 个：{names}",
        "{n} gone without being marked 已撤销: {names}",
    ),
    "changes.changed": ("{name}：{fields}", "{name}: {fields}"),
    "changes.field": ("{column} {old} → {new}", "{column} {old} -> {new}"),
    "changes.rows": ("{sheet} {n} 条", "{sheet} {n}"),
    "changes.rows_added": ("新增记录：{items}", "Rows added: {items}"),
    "changes.rows_gone": ("减少记录：{items}", "Rows gone: {items}"),
    "changes.nothing": ("没有变化。", "Nothing changed."),
    "find.none": ("没有找到“{text}”。", "Nothing found for '{text}'."),
    "find.org": (
        "{name}：现在在{town}（{month}台账，{status}）；按“{matched}”找到：{value}",
        "{name}: now under {town} ({month}, {status}); found by {matched}: {value}",
    ),
    "find.month": ("{month} {town} {status}", "{month} {town} {status}"),
    "find.person": ("{name}（{column}）", "{name} ({column})"),
    "find.where": ("{month} {town}·{sheet}·{org}", "{month} {town} / {sheet} / {org}"),
    "recheck.done": (
        "已重新校验 {n} 份台账，结果有变化的 {changed} 份。",
        "{n} ledgers checked again; {changed} with a different result.",
    ),
    "recheck.changed": (
        "第 {id} 号 {town}{month}：{before} → {after}（错误 {errors}，警告 {warnings}）",
        "#{id} {town} {month}: {before} -> {after} ({errors} errors, {warnings} warnings)",
    ),
    "recheck.effective": (
        "{town}{month}现在生效的是第 {after} 号（原来是第 {before} 号）",
        "{town} {month}: #{after} is now effective (was #{before})",
    ),
    "recheck.missing": (
        "存档里找不到第 {ids} 号的文件，没有重新校验。",
        "#{ids}: the archived copy is gone; not checked again.",
    ),
    "log.title": ("操作记录", "Decisions"),
    "log.empty": ("还没有任何操作记录。", "No decisions yet."),
    "log.col.at": ("时间", "When"),
    "log.col.who": ("操作人", "Who"),
    "log.col.kind": ("操作", "What"),
    "log.col.about": ("对象", "About"),
    "log.col.reason": ("原因", "Reason"),
    "log.until": ("延至 {until}", "until {until}"),
    "log.submission": ("第 {id} 号", "#{id}"),
    "decide.need_month": (
        "请用 --month 写明哪个月，如 --month 2026-06。",
        "Say which month: --month 2026-06.",
    ),
    "decide.need_until": (
        "请用 --until 写明延至哪天，如 --until 2026-08-15。",
        "Say the new last day: --until 2026-08-15.",
    ),
    "decide.review_which": (
        "请选 --approve（审核通过）、--return --reason …（退回）"
        "或 --accept-warning 序号 其中之一。",
        "Choose one: --approve, --return --reason …, or --accept-warning N.",
    ),
    "status.summary": (
        "应报 {expected}　已报 {actual}（按时 {on_time}，逾期 {late}）　未通过 {rejected}　未报 "
        "{missing}　待报 {pending}　报送率 {rate}　按时报送率 {on_time_rate}",
        "Expected {expected}, reported {actual} ({on_time} on time, {late} late), rejected "
        "{rejected}, missing {missing}, pending {pending}; rate {rate}, on-time rate "
        "{on_time_rate}",
    ),
    "status.not_due": (
        "截止日期未到：尚未报送的镇街为“待报送”，过了截止日期才算“未报送”",
        "The deadline has not passed: towns without a file are pending, not missing",
    ),
    "status.bad_month": (
        "月份“{month}”看不懂，请写成 2026-06（也可以写 2026年6月、202606）",
        "Month '{month}' is not a month: write it as 2026-06 (or 2026年6月, 202606)",
    ),
    # --- export
    "export.bad_format": (
        "格式“{value}”不支持，可选：csv、xlsx、parquet",
        "Format '{value}' is not supported: csv, xlsx or parquet",
    ),
    "export.no_pyarrow": (
        '导出 parquet 需要 pyarrow：请安装 fedxl[parquet]（pip install "fedxl[parquet]"），或改用 '
        "--format csv / xlsx",
        "parquet needs pyarrow: install fedxl[parquet], or use --format csv / xlsx",
    ),
    "export.done": ("已导出 {count} 个文件到 {path}", "{count} files exported to {path}"),
    # --- periods
    "period.bad": (
        "期间“{value}”格式不对：月份如 2026-06，半年如 2026H1，全年如 2026",
        "Period '{value}' is not valid: a month 2026-06, a half 2026H1 or a year 2026",
    ),
    "period.bad_as_of": (
        "--as-of 的日期“{value}”格式不对，应为 YYYY-MM-DD（如 2026-07-10）",
        "--as-of '{value}' must be a date YYYY-MM-DD",
    ),
    "period.empty": (
        "{period}没有通过校验的台账，不生成汇总或报告（没有写入任何文件）。请先收件（fedxl "
        "ingest），或用 fedxl status 查看报送情况。",
        "{period} has no accepted ledger, so nothing was made. Ingest files first, or see fedxl "
        "status.",
    ),
    "period.choose_one": (
        "请只指定一个期间：--month、--half 或 --year",
        "Give one period: --month, --half or --year",
    ),
    # --- metrics
    "metrics.title": (
        "{district}{period}数据（{start}至{end}）",
        "{district} figures for {period} ({start} to {end})",
    ),
    "metrics.district": ("全区合计", "District"),
    "metrics.note": (
        "口径：存量指标（妇委会总数等）取截至 {end} 各镇街的有效台账；“（{scope}）"
        "”为日期在本期内的记录，“（本年累计）”为 1 月 1 日至 {end} 的记录；比率由各部分重新计算。",
        "Stocks are taken from each town's ledger at {end}; ({scope}) counts rows dated in the "
        "period, (本年累计) rows from 1 January to {end}; rates are recomputed from their parts.",
    ),
    # --- merge
    "merge.done": ("已生成汇总表：{path}", "Summary written: {path}"),
    "merge.line": (
        "{month}：{towns}/{total} 个镇街有数据，妇委会 {orgs} 个，预警 {alerts} 条",
        "{month}: data from {towns} of {total} towns, {orgs} committees, {alerts} alerts",
    ),
    # --- reports
    "report.done": ("已生成：{path}", "Written: {path}"),
    "output.kept": (
        "{kept} 在生成后被修改过（如在 Word 或 Excel 中改过），已原样保留；新文件另存为 {path}",
        "{kept} was changed after fedxl wrote it (edited in Word or Excel) and was kept; the new "
        "file is {path}",
    ),
    "report.pdf": ("PDF：{path}", "PDF: {path}"),
    "report.no_pdf": (
        "没有找到 LibreOffice、Word 或 WPS，未生成 PDF。请安装 LibreOffice 后重试，或在 Word/WPS "
        "中“另存为 PDF”。",
        "Neither LibreOffice nor Word or WPS was found, so no PDF was made. Install LibreOffice, "
        "or save as PDF from Word/WPS.",
    ),
    "report.pdf_failed": (
        "转换 PDF 没有成功（LibreOffice 超时或出错），Word 文件已生成，可在 Word/WPS 中“另存为 "
        "PDF”。",
        "The PDF conversion failed (LibreOffice timed out or failed); the Word file is ready, "
        "save it as PDF from Word/WPS.",
    ),
    "report.pdf_locked": (
        "PDF 无法写入：{path} 可能正在被打开，请关闭后重试。",
        "The PDF could not be written: {path} may be open; close it and try again.",
    ),
    "report.bad_half": (
        "半年“{value}”格式不对，应为 2026H1 或 2026H2",
        "Half year '{value}' must look like 2026H1 or 2026H2",
    ),
    "report.default_prefix": (
        "fedxl.toml 没有写发文字号前缀（doc_prefix），通知用了“{prefix}”；"
        "要用别的，请在 [district] 里写 doc_prefix。",
        "fedxl.toml has no doc_prefix: the notice is numbered '{prefix}…'; "
        "set doc_prefix in [district] for another.",
    ),
    "report.no_template": ("找不到报告模板：{path}", "Report template not found: {path}"),
    "report.undefined": (
        "模板 {template} 用了不存在的变量：{detail}。可用 fedxl report lint 检查模板。",
        "Template {template} uses an unknown variable: {detail}. Check it with fedxl report lint.",
    ),
    "report.syntax": (
        "模板 {template} 的标记有误：{detail}",
        "Template {template} has a tag error: {detail}",
    ),
    "report.broken": (
        "生成的文档有问题：{template}：{detail}",
        "The rendered document is broken: {template}: {detail}",
    ),
    "lint.ok": ("模板没有发现问题：{path}", "No problems found in {path}"),
    "lint.fullwidth-brace": (
        "用了全角大括号“｛ ｝”，请改成半角 {{ }}：{text}",
        "Full-width braces; use ASCII {{ }}: {text}",
    ),
    "lint.fullwidth-in-tag": (
        "标记里有全角符号（括号、引号、冒号等），请改成半角：{text}",
        "Full-width punctuation inside a tag: {text}",
    ),
    "lint.spaced-tag": (
        "“{{% tr”“{{% p”中间不能有空格，应写成 {{%tr 或 {{%p：{text}",
        "Write {{%tr / {{%p without a space: {text}",
    ),
    "lint.unknown-variable": (
        "模板里的变量不存在：{text}（可用变量见 docs/templates.md）",
        "Unknown variable: {text} (see docs/templates.md)",
    ),
    "lint.syntax": ("模板标记有语法错误：{text}", "Template syntax error: {text}"),
    # --- jobs
    "lock.workers": (
        "上一次被中断的收件还有进程在写入（{path}），请稍后再试",
        "Workers of an interrupted run are still writing ({path}); try again in a moment",
    ),
    "lock.held": (
        "另一个 fedxl 正在运行（进程 {pid}，开始于 {since}），请等它结束后再试。锁文件：{path}",
        "Another fedxl run holds the workspace (pid {pid}, since {since}); try again later. Lock: "
        "{path}",
    ),
    "run.ingested": (
        "收件 {files} 份，新登记 {new} 份（其中未通过 {rejected} 份）",
        "{files} files, {new} new ({rejected} not accepted)",
    ),
    "run.unchanged": (
        "{month} 没有新的台账，汇总表未改动",
        "Nothing new for {month}; the summary was left as it is",
    ),
    "schedule.bad_time": (
        "时间“{value}”格式不对，应为 HH:MM，如 07:30",
        "Time '{value}' must be HH:MM, e.g. 07:30",
    ),
    "demo.done": ("演示完成：{path}", "Demo ready: {path}"),
    "demo.board": (
        "2026 年 7 月：报送率 {rate}，按时报送率 {on_time}；逾期 {late} 个、未通过校验 {rejected} "
        "个、未报送 {missing} 个；预警 {alerts} 条",
        "July 2026: rate {rate}, on time {on_time}; {late} late, {rejected} rejected, {missing} "
        "missing; {alerts} alerts",
    ),
    "demo.act1": (
        "一、2026 年 5—7 月（演示中的“今天”是 2026 年 8 月 10 日）",
        "1. May to July 2026 (the demo's 'today' is 10 August 2026)",
    ),
    "demo.act2": (
        "二、跨年：2026 年 11 月至 2027 年 1 月（“今天”是 2027 年 2 月 10 日）",
        "2. Across the year: November 2026 to January 2027 ('today' is 10 February 2027)",
    ),
    "demo.december": (
        "2026 年 12 月：报送率 {rate}，按时报送率 {on_time}（{towns} 个镇街，含 9 月新设的{town}）",
        "December 2026: rate {rate}, on time {on_time} ({towns} towns, with {town} set up in "
        "September)",
    ),
    "demo.look.title": ("看什么：", "What to look at:"),
    "demo.look.feedback": (
        "反馈表（{path}）：站前街道 6 月台账的错误标红、批注写明怎么改；镇街改好后再报送",
        "Feedback ({path}): 站前街道's June ledger with its errors in red and how to fix each",
    ),
    "demo.look.july": (
        "7 月汇总表（{path}）：“报送情况”和“预警”——永安镇逾期、双山镇未报送、柳河镇记录减少、"
        "兴隆镇少了妇委会",
        "July's summary ({path}): 报送情况 and 预警 (late, missing, rows lost, an organisation "
        "gone)",
    ),
    "demo.look.december": (
        "12 月汇总表（{path}）：永安镇的 12 月台账 {late} 才到，在 1 月空白台账发出之后，仍算 12 "
        "月（{state}）；"
        "{town}自 {since} 起报送，7 月的报送率不变",
        "December's summary ({path}): 永安镇's December ledger came on {late}, after January's "
        "blanks, and is "
        "still December's ({state}); {town} reports from {since} and July's rate is unchanged",
    ),
    "demo.look.blanks": (
        "2027 年 1 月空白台账（{path}）：只带入未撤销的妇委会（头道桥街道 12 "
        "月撤销的那个没有带入），其他台账从空白开始",
        "January 2027 blanks ({path}): only organisations not 已撤销 are carried over; the other "
        "tables start empty",
    ),
    "demo.look.renamed": (
        "更名：fedxl.toml 里{old}改为{new}、旧名写进 aliases；fedxl --workspace {workspace} status "
        "--month 2026-11 "
        "里{old}的报送算在{new}名下",
        "Renamed: {old} is {new} in fedxl.toml with the old name in aliases; in fedxl --workspace "
        "{workspace} "
        "status --month 2026-11 its submission counts under {new}",
    ),
    "demo.look.january": (
        "2027 年 1 月简报（{path}）：跨年与 2026 年 12 月比较，2027 年第 1 期",
        "January 2027 briefing ({path}): compared with December 2026 across the year, issue 1 of "
        "2027",
    ),
    "demo.summary": ("汇总表：{path}", "Summary: {path}"),
    "demo.report": ("报告：{path}", "Report: {path}"),
    "demo.blank": ("空白台账：{path}", "Blank ledger: {path}"),
    "demo.next": (
        "试试：fedxl --workspace {path} metrics --half 2026H1（上半年的数字），再比较 --half "
        "2026H2 和 --year 2026（全年）",
        "Try: fedxl --workspace {path} metrics --half 2026H1, then --half 2026H2 and --year 2026",
    ),
    "demo.web": (
        "网页收件：fedxl --workspace {path} serve，再用 fedxl --workspace {path} links "
        "里某个镇街的链接在浏览器里报送台账",
        "Web intake: fedxl --workspace {path} serve, then open a town's link from fedxl "
        "--workspace {path} links",
    ),
    # --- excel
    "excel.unreadable": ("无法读取该台账：{detail}", "The ledger cannot be read: {detail}"),
    "excel.open_ledger": (
        "请先打开要处理的镇街台账，并让它成为当前窗口，再点按钮。",
        "Open the town's ledger and make it the active window first.",
    ),
    "excel.several_ledgers": (
        "打开了多个台账（{names}），请切换到要处理的那个台账窗口，再点按钮。",
        "Several ledgers are open ({names}): switch to the one to process, then press the button.",
    ),
    "excel.ingested": ("已收件登记：{status}（第 {id} 号）", "Ingested: {status} (#{id})"),
    "excel.setup_done": (
        "已生成 Excel 按钮工作簿：{path}",
        "Excel buttons workbook written: {path}",
    ),
    "excel.no_xlwings": (
        '需要先安装 xlwings：pip install "fedxl[excel]"',
        'xlwings is needed: pip install "fedxl[excel]"',
    ),
    # --- feedback workbook
    "feedback.title": ("台账校验结果", "Ledger check results"),
    "feedback.file": ("文件：{file}", "File: {file}"),
    "feedback.how": (
        "红色单元格是错误，必须修改；黄色单元格是警告，请核实。鼠标停在单元格上可看批注。改好后把本文件直接报送即可（本页不用删除）。",
        "Red cells are errors to fix; yellow cells are warnings to verify. Hover a cell for the "
        "comment. Send this file back when fixed (keep this sheet).",
    ),
    "feedback.hint": ("建议：{hint}", "Fix: {hint}"),
    "feedback.col.no": ("序号", "No."),
    # --- form file
    "form.not_found": ("找不到台账表单定义文件：{path}", "Form definition file not found: {path}"),
    "form.syntax": (
        "表单定义文件 {file} 格式错误（第 {line} 行）：{detail}",
        "Form file {file} is not valid TOML (line {line}): {detail}",
    ),
    "form.invalid": (
        "表单定义文件 {file} 有误：{where}：{detail}",
        "Form file {file} is invalid: {where}: {detail}",
    ),
    "form.changed_in_year": (
        "表单定义文件 {file} 的版本是 {version}，但 {year} 年已收下的台账是按版本 {stored} 校验的："
        "同一年内不能更换表式。"
        "新表式请另存为 templates/{next_file}（从那一年起使用），并把 {file} 的内容和版本号改回 "
        "{stored}。",
        "Form file {file} is version {version}, but {year}'s ledgers were checked with version "
        "{stored}: a form does not change "
        "inside a year. Save the new form as templates/{next_file} (used from that year on) and "
        "put {file} back to version {stored}.",
    ),
    "month.taken.collecting": (
        "未指定月份：显示正在收报的{month}（其他月份请加 --month）",
        "No month given: showing {month}, the month now being collected (use --month for another)",
    ),
    "month.taken.data": (
        "未指定月份：按最近有通过台账的{month}（其他月份请加 --month）",
        "No month given: taking {month}, the latest month with accepted ledgers (use --month for "
        "another)",
    ),
    "init.towns": (
        "镇街名单“{towns}”不对：请写每个镇街的名称，用逗号或顿号分开，不要重复。",
        "The towns '{towns}' are not a list of distinct names separated by commas.",
    ),
    "init.district": ("请写本区（县）的名称。", "Give the district's name."),
    "init.ask_district": ("本区（县）名称，如 元宝区", "The district's name"),
    "init.ask_towns": ("各镇街名称，用逗号或顿号分开", "The towns, separated by commas"),
    "init.example": (
        "没有给出区和镇街：fedxl.toml 里写的是示例“振兴区”的 10 个镇街，"
        "请改成本区的（或用 --district、--towns）。",
        "No district or towns given: fedxl.toml holds the example 振兴区; "
        "edit it (or use --district, --towns).",
    ),
    # --- template (blank ledgers)
    "template.town_unknown": (
        "镇街“{town}”不在工作区配置中（可选：{towns}）",
        "Town '{town}' is not in the workspace config (known: {towns})",
    ),
    "template.need_town": (
        "请用 --town 指定镇街，或用 --all 为全部镇街生成",
        "Pass --town T or --all",
    ),
    "template.bad_month": (
        "月份“{month}”看不懂，请写成 2026-06（也可以写 2026年6月、202606）",
        "Month '{month}' is not a month: write it as 2026-06 (or 2026年6月, 202606)",
    ),
    "template.written": ("已生成空白台账 {count} 份：", "{count} blank ledger(s) written:"),
    "template.rolled": (
        "（已带入第 {id} 号报送的全部记录 {n} 条，镇街在此基础上接着填写）",
        "(all {n} rows of #{id} carried forward)",
    ),
    "template.title": ("{town}{sheet}（{year}年）", "{town} {sheet} ({year})"),
    # --- blank ledger texts (written into the workbook)
    "blank.instructions": ("填报说明", "Instructions"),
    "blank.heading": ("{title}填报说明", "{title}: how to fill it in"),
    "blank.intro": (
        "本台账为{year}年度累计台账，请逐月续填，不要删除以前月份的记录。每月{deadline}日前将截至上月底的台账报送{federation}。",
        "This is the cumulative ledger for {year}: keep adding each month and never delete "
        "earlier records. Send it to {federation} by day {deadline} of each following month.",
    ),
    "blank.intro2": (
        "请勿修改工作表名称和表头；标“*”的列必须填写；日期填写为 2026-03-05 格式；手机号、"
        "统一社会信用代码按文字填写。",
        "Do not rename sheets or headers; columns marked * are required; dates as 2026-03-05; "
        "phones and credit codes as text.",
    ),
    "blank.to_fill": (
        "带入的记录中，黄色单元格为必填但尚未填写（多为今年表式新增的列：{columns}），请补填后再报送。",
        "In the carried rows, yellow cells are required but still empty (mostly columns new in "
        "this year's form: {columns}); fill them in before sending.",
    ),
    "blank.col.sheet": ("工作表", "Sheet"),
    "blank.col.column": ("列名", "Column"),
    "blank.col.meaning": ("填写内容", "Meaning"),
    "blank.col.type": ("类型", "Type"),
    "blank.col.required": ("是否必填", "Required"),
    "blank.col.allowed": ("可填的值 / 范围", "Allowed values / bounds"),
    "blank.col.rules": ("校验规则", "Rules"),
    "blank.required.yes": ("必填", "required"),
    "blank.required.no": ("选填", "optional"),
    "blank.fk": (
        "须为本表“妇委会名录”中的组织名称，或“{town}妇联”",
        "must be an organisation of 妇委会名录, or '{town}妇联'",
    ),
    "blank.unique": ("不得重复", "must be unique"),
    "blank.maxlen": ("不超过 {n} 个字", "at most {n} characters"),
    "blank.between": ("{lo} 至 {hi}", "{lo} to {hi}"),
    "blank.atleast": ("不小于 {lo}", "at least {lo}"),
    "blank.atmost": ("不大于 {hi}", "at most {hi}"),
    "blank.blank_means": ("不填视为“{value}”", "blank means '{value}'"),
    "blank.sheet_desc": ("【{sheet}】{description}", "[{sheet}] {description}"),
    "blank.prompt.enum": ("请从下拉列表中选择", "Choose from the list"),
    "blank.prompt.int": ("请填写整数{bounds}", "Enter a whole number{bounds}"),
    "blank.prompt.decimal": ("请填写数字{bounds}", "Enter a number{bounds}"),
    "blank.prompt.date": (
        "请填写日期，如 {example}{bounds}",
        "Enter a date such as {example}{bounds}",
    ),
    "blank.prompt.text": ("不超过 {n} 个字", "At most {n} characters"),
    "blank.prompt.phone": (
        "手机号 11 位，多个号码用“、”分隔",
        "11-digit mobile; separate several with 、",
    ),
    "blank.prompt.uscc": ("18 位统一社会信用代码", "18-character unified social credit code"),
    "blank.prompt.month": ("填写年月，如 {example}", "Enter year and month such as {example}"),
    "blank.bounds": ("（{text}）", " ({text})"),
    "blank.error_title": ("输入有误", "Invalid entry"),
    "blank.error.enum": ("只能从下拉列表中选择：{values}", "Choose one of: {values}"),
    "blank.error.generic": (
        "输入的内容不符合要求：{prompt}",
        "This value is not allowed: {prompt}",
    ),
    "blank.footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
    "blank.info.value": ("填写内容", "Value"),
    "blank.info.item": ("项目", "Item"),
    "blank.info.note": ("说明", "Notes"),
    # --- type names (for instructions)
    "ftype.text": ("文字", "text"),
    "ftype.int": ("整数", "whole number"),
    "ftype.money": ("金额（元，两位小数）", "amount (yuan, 2 decimals)"),
    "ftype.number": ("数字", "number"),
    "ftype.date": ("日期", "date"),
    "ftype.month": ("年月（YYYY-MM）", "month (YYYY-MM)"),
    "ftype.yesno": ("是/否", "yes/no"),
    "ftype.enum": ("下拉选择", "choice"),
    "ftype.phone": ("电话", "phone"),
    "ftype.uscc": ("统一社会信用代码", "credit code"),
    "ftype.person": ("姓名", "person's name"),
    "example.int": ("请填写整数，如 12", "Enter a whole number such as 12"),
    "example.money": ("请填写金额数字，如 1200 或 1200.50", "Enter an amount such as 1200.50"),
    "example.number": ("请填写数字，如 20", "Enter a number such as 20"),
    "example.date": ("请填写日期，如 2026-03-05", "Enter a date such as 2026-03-05"),
    "example.month": (
        "请填写年月，如 2026-06（不要写成 2026.1 这类有歧义的数字）",
        "Enter a month such as 2026-06",
    ),
    "example.yesno": ("请填写“是”或“否”", "Enter 是 or 否"),
    "example.phone": (
        "手机号 11 位，座机如 0415-1234567，多个号码用“、”分隔",
        "11-digit mobile or 0415-1234567; separate several with 、",
    ),
    "example.uscc": ("18 位代码，见营业执照或登记证书", "18 characters, see the business licence"),
    "example.person": ("请填写姓名，不要填电话或其他内容", "Enter a person's name only"),
    "example.text": ("请填写文字", "Enter text"),
    "example.enum": ("", ""),
    "closest": ("是否应为“{value}”？", "Did you mean '{value}'? "),
    "closest_org": ("是否应为“{value}”？", "Did you mean '{value}'? "),
    "source.meta": ("台账元数据", "workbook metadata"),
    "source.info": ("基本信息", "基本信息"),
    "source.title": ("表头标题", "title row"),
    "source.file": ("文件名", "file name"),
    "source.sender": ("报送链接", "upload link"),
    "town.not_configured": (
        "：“{value}”不是本区的镇街",
        ": '{value}' is not a town of this district",
    ),
    "bound.year-start": ("台账年度1月1日", "1 January of the ledger year"),
    "bound.year-end": ("台账年度12月31日", "31 December of the ledger year"),
    "bound.period-end": ("截至月份最后一天", "the last day of the reported month"),
}


def get_lang() -> str:
    lang = _state["lang"] or os.environ.get("FEDXL_LANG") or "zh"
    return lang if lang in LANGS else "zh"


def set_lang(lang: str | None) -> None:
    """Set the message language for this process (None: back to env / default)."""
    _state["lang"] = lang


def lang_is_explicit() -> bool:
    """True when --lang or FEDXL_LANG chose the language (config must not override it)."""
    return bool(_state["lang"] or os.environ.get("FEDXL_LANG"))


def t(key: str, /, **kwargs: Any) -> str:
    """Render catalogue message `key` in the current language."""
    pair = MESSAGES.get(key)
    if pair is None:
        if os.environ.get("FEDXL_STRICT_MESSAGES"):  # the test suite: a missing message is a bug
            raise KeyError(f"no message {key!r} in fedxl.i18n")
        return key  # a user sees the key rather than a crash
    text = pair[1] if get_lang() == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text
