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
    "lang.bad": ("不支持的语言“{lang}”，可选：zh、en", "Unsupported language '{lang}'; use zh or en"),
    "error.io": ("文件读写出错：{detail}（磁盘已满、文件被占用或没有权限？原有文件未被改动）",
                 "File error: {detail} (disk full, file in use or no permission? Existing files were left as they were)"),
    # --- workspace
    "workspace.not_found": (
        "找不到工作区：从 {start} 向上没有 fedxl.toml。请先运行 fedxl init，或用 --workspace 指定目录。",
        "No workspace: no fedxl.toml in {start} or above. Run fedxl init first, or pass --workspace DIR.",
    ),
    "workspace.dir_missing": ("工作区目录不存在：{path}", "Workspace folder does not exist: {path}"),
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
    "type.list_str": ("文字列表，如 [\"甲\", \"乙\"]", "a list of strings"),
    "type.table": ("一个表（[...]）", "a table ([...])"),
    "type.array_tables": ("表数组（[[...]]）", "an array of tables ([[...]])"),
    "reason.year": ("应为 2000 到 2100 之间的年份", "must be a year between 2000 and 2100"),
    "reason.day": ("应为 1 到 28 之间的日期", "must be a day between 1 and 28"),
    "reason.nonneg": ("不能为负数", "must not be negative"),
    "reason.blank": ("不能为空", "must not be empty"),
    "reason.positive": ("应大于 0", "must be greater than 0"),
    "type.number": ("数字", "a number"),
    "reason.lang": ("应为 zh 或 en", "must be zh or en"),
    # --- check
    "check.no_files": ("请指定要校验的文件", "Give the files to check"),
    "check.not_found": ("找不到文件：{path}", "File not found: {path}"),
    "check.progress": ("校验中", "Checking"),
    "status.accepted": ("通过", "accepted"),
    "status.rejected": ("未通过", "rejected"),
    "status.unreadable": ("无法读取", "unreadable"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("修正", "info"),
    "check.file_line": ("{status}　错误 {error}　警告 {warning}　自动修正 {info}", "{status}: {error} errors, {warning} warnings, {info} repaired"),
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
    "check.info_hidden": ("另有 {n} 处自动修正（加 --verbose 查看）", "{n} values were repaired (use --verbose to list them)"),
    "check.batch": ("共 {total} 个文件：通过 {accepted}，未通过 {rejected}，无法读取 {unreadable}",
                    "{total} files: {accepted} accepted, {rejected} rejected, {unreadable} unreadable"),
    "check.feedback": ("反馈表：{path}", "Feedback workbook: {path}"),
    "check.feedback_failed": ("无法写出反馈表：{error}", "Could not write the feedback workbook: {error}"),
    "check.all_good": ("没有发现问题", "No problems found"),
    # --- ingest
    "ingest.empty": ("收件箱（{path}）里没有文件", "The inbox ({path}) is empty"),
    "ingest.bad_time": ("--received-at 的时间“{value}”格式不对，应为 2026-07-03 或 2026-07-03T09:30", "--received-at '{value}' must look like 2026-07-03 or 2026-07-03T09:30"),
    "ingest.progress": ("收件中", "Ingesting"),
    "ingest.recorded": ("已登记为第 {id} 号", "recorded as #{id}"),
    "ingest.not_recorded": ("未登记：文件打不开（不存在、没有权限或正被占用），原文件未动，处理后请重新收件",
                            "not recorded: the file could not be opened (missing, no permission or in use); it was left where it is"),
    "ingest.summary_unrecorded": ("，未登记 {count}（文件打不开）", ", {count} not recorded (could not be opened)"),
    "ingest.worker_died": ("收件中断：一个校验进程意外退出（可能内存不足）。已显示的文件都已登记，请再运行一次 fedxl ingest 处理其余文件",
                           "Ingest stopped: a checking process died unexpectedly (out of memory?). The files shown are recorded; run fedxl ingest again for the rest"),
    "ingest.skipped": ("收件箱里的“{name}”是文件夹或隐藏文件，不是台账，已跳过（请把台账文件直接放进收件箱）",
                       "'{name}' in the inbox is a folder or hidden file, not a ledger: skipped"),
    "ingest.duplicate": ("重复文件：与第 {id} 号完全相同，未重复登记", "duplicate of #{id}; not recorded again"),
    "ingest.summary": ("共 {total} 个文件：新登记 {new}（通过 {accepted}，未通过 {rejected}，无法读取 {unreadable}），重复 {duplicate}",
                       "{total} files: {new} recorded ({accepted} accepted, {rejected} rejected, {unreadable} unreadable), {duplicate} duplicates"),
    # --- store
    "store.lost": ("登记库 {path} 不见了或是空的，但存档里有 {count} 份收到的台账。为防止数据丢失，fedxl 不会新建空库。"
                   "请运行 fedxl rebuild 从存档重建登记库（收到时间和原文件名都会恢复）。",
                   "The store {path} is missing or empty although the archive holds {count} received files. "
                   "fedxl will not start an empty one: run fedxl rebuild to rebuild it from the archive."),
    "store.corrupt": ("登记库 {path} 已损坏（{detail}）。请运行 fedxl rebuild 从存档重建（损坏的文件会留作备份）。",
                      "The store {path} is damaged ({detail}). Run fedxl rebuild to rebuild it from the archive "
                      "(the damaged file is kept)."),
    "store.readonly": ("无法写入登记库 {path}：文件夹是只读的或没有权限。请检查 workbooks 文件夹的权限（或是否放在只读的网盘、光盘上）。",
                       "Cannot write the store {path}: the folder is read-only or access is denied."),
    "store.busy": ("登记库 {path} 正被另一个程序占用，请稍后再试。", "The store {path} is in use by another program; try again."),
    "rebuild.done": ("已从存档重建登记库：存档 {count} 份，登记 {recorded} 份（通过 {accepted}，未通过 {rejected}，无法读取 {unreadable}）。",
                     "Store rebuilt from the archive: {count} archived, {recorded} recorded ({accepted} accepted, "
                     "{rejected} rejected, {unreadable} unreadable)."),
    "rebuild.aside": ("原来的登记库已改名保留：{path}", "The old store was kept as {path}"),
    # --- status
    "state.submitted": ("已报送", "submitted"),
    "state.late": ("逾期报送", "late"),
    "state.rejected": ("未通过校验", "rejected"),
    "state.missing": ("未报送", "missing"),
    "state.pending": ("待报送", "pending"),
    "state.used": ("{state}（沿用{month}月）", "{state} (using month {month})"),
    "state.records_missing": ("{state}（记录减少）", "{state} (rows missing)"),
    "status.title": ("{month} 台账报送情况（截止 {deadline}）", "Ledgers for {month} (due {deadline})"),
    "status.col.town": ("镇街", "Town"),
    "status.col.state": ("状态", "State"),
    "status.col.time": ("报送时间", "Received"),
    "status.col.file": ("文件", "File"),
    "status.col.errors": ("错误", "Errors"),
    "status.col.warnings": ("警告", "Warnings"),
    "status.col.count": ("份数", "Files"),
    "status.summary": ("应报 {expected}　已报 {actual}（按时 {on_time}，逾期 {late}）　未通过 {rejected}　未报 {missing}　待报 {pending}　报送率 {rate}　按时报送率 {on_time_rate}",
                       "Expected {expected}, reported {actual} ({on_time} on time, {late} late), rejected {rejected}, missing {missing}, pending {pending}; rate {rate}, on-time rate {on_time_rate}"),
    "status.not_due": ("截止日期未到：尚未报送的镇街为“待报送”，过了截止日期才算“未报送”", "The deadline has not passed: towns without a file are pending, not missing"),
    "status.bad_month": ("月份“{month}”格式不对，应为 YYYY-MM（如 2026-06）", "Month '{month}' must be YYYY-MM"),
    # --- export
    "export.bad_format": ("格式“{value}”不支持，可选：csv、xlsx、parquet", "Format '{value}' is not supported: csv, xlsx or parquet"),
    "export.no_pyarrow": ("导出 parquet 需要 pyarrow：请安装 fedxl[parquet]（pip install \"fedxl[parquet]\"），或改用 --format csv / xlsx",
                          "parquet needs pyarrow: install fedxl[parquet], or use --format csv / xlsx"),
    "export.done": ("已导出 {count} 个文件到 {path}", "{count} files exported to {path}"),
    # --- periods
    "period.bad": ("期间“{value}”格式不对：月份如 2026-06，半年如 2026H1，全年如 2026",
                   "Period '{value}' is not valid: a month 2026-06, a half 2026H1 or a year 2026"),
    "period.bad_as_of": ("--as-of 的日期“{value}”格式不对，应为 YYYY-MM-DD（如 2026-07-10）",
                         "--as-of '{value}' must be a date YYYY-MM-DD"),
    "period.empty": ("{period}没有通过校验的台账，不生成汇总或报告（没有写入任何文件）。请先收件（fedxl ingest），或用 fedxl status 查看报送情况。",
                     "{period} has no accepted ledger, so nothing was made. Ingest files first, or see fedxl status."),
    "period.choose_one": ("请只指定一个期间：--month、--half 或 --year", "Give one period: --month, --half or --year"),
    # --- metrics
    "metrics.title": ("{district}{period}数据（{start}至{end}）", "{district} figures for {period} ({start} to {end})"),
    "metrics.col.figure": ("指标", "Figure"),
    "metrics.district": ("全区合计", "District"),
    "metrics.note": ("口径：存量指标（妇委会总数等）取截至 {end} 各镇街的有效台账；“（{scope}）”为日期在本期内的记录，“（本年累计）”为 1 月 1 日至 {end} 的记录；比率由各部分重新计算。",
                     "Stocks are taken from each town's ledger at {end}; ({scope}) counts rows dated in the period, (本年累计) rows from 1 January to {end}; rates are recomputed from their parts."),
    # --- merge
    "merge.done": ("已生成汇总表：{path}", "Summary written: {path}"),
    "merge.line": ("{month}：{towns}/{total} 个镇街有数据，妇委会 {orgs} 个，预警 {alerts} 条",
                   "{month}: data from {towns} of {total} towns, {orgs} committees, {alerts} alerts"),
    # --- reports
    "report.done": ("已生成：{path}", "Written: {path}"),
    "output.kept": ("{kept} 在生成后被修改过（如在 Word 或 Excel 中改过），已原样保留；新文件另存为 {path}",
                    "{kept} was changed after fedxl wrote it (edited in Word or Excel) and was kept; the new file is {path}"),
    "report.pdf": ("PDF：{path}", "PDF: {path}"),
    "report.no_pdf": ("没有找到 LibreOffice（soffice），未生成 PDF。请安装 LibreOffice 后重试，或在 Word/WPS 中“另存为 PDF”。",
                      "LibreOffice (soffice) was not found, so no PDF was made. Install LibreOffice, or save as PDF from Word/WPS."),
    "report.bad_half": ("半年“{value}”格式不对，应为 2026H1 或 2026H2", "Half year '{value}' must look like 2026H1 or 2026H2"),
    "report.no_template": ("找不到报告模板：{path}", "Report template not found: {path}"),
    "report.undefined": ("模板 {template} 用了不存在的变量：{detail}。可用 fedxl report lint 检查模板。",
                         "Template {template} uses an unknown variable: {detail}. Check it with fedxl report lint."),
    "report.syntax": ("模板 {template} 的标记有误：{detail}", "Template {template} has a tag error: {detail}"),
    "report.broken": ("生成的文档有问题：{template}：{detail}", "The rendered document is broken: {template}: {detail}"),
    "lint.ok": ("模板没有发现问题：{path}", "No problems found in {path}"),
    "lint.fullwidth-brace": ("用了全角大括号“｛ ｝”，请改成半角 {{ }}：{text}", "Full-width braces; use ASCII {{ }}: {text}"),
    "lint.fullwidth-in-tag": ("标记里有全角符号（括号、引号、冒号等），请改成半角：{text}", "Full-width punctuation inside a tag: {text}"),
    "lint.spaced-tag": ("“{{% tr”“{{% p”中间不能有空格，应写成 {{%tr 或 {{%p：{text}", "Write {{%tr / {{%p without a space: {text}"),
    "lint.unknown-variable": ("模板里的变量不存在：{text}（可用变量见 docs/templates.md）", "Unknown variable: {text} (see docs/templates.md)"),
    "lint.syntax": ("模板标记有语法错误：{text}", "Template syntax error: {text}"),
    # --- jobs
    "lock.workers": ("上一次被中断的收件还有进程在写入（{path}），请稍后再试",
                     "Workers of an interrupted run are still writing ({path}); try again in a moment"),
    "lock.held": ("另一个 fedxl 正在运行（进程 {pid}，开始于 {since}），请等它结束后再试。锁文件：{path}",
                  "Another fedxl run holds the workspace (pid {pid}, since {since}); try again later. Lock: {path}"),
    "run.ingested": ("收件 {files} 份，新登记 {new} 份（其中未通过 {rejected} 份）", "{files} files, {new} new ({rejected} not accepted)"),
    "run.unchanged": ("{month} 没有新的台账，汇总表未改动", "Nothing new for {month}; the summary was left as it is"),
    "schedule.bad_time": ("时间“{value}”格式不对，应为 HH:MM，如 07:30", "Time '{value}' must be HH:MM, e.g. 07:30"),
    "demo.done": ("演示完成：{path}", "Demo ready: {path}"),
    "demo.board": ("2026 年 7 月：报送率 {rate}，按时报送率 {on_time}；逾期 {late} 个、未通过校验 {rejected} 个、未报送 {missing} 个；预警 {alerts} 条",
                   "July 2026: rate {rate}, on time {on_time}; {late} late, {rejected} rejected, {missing} missing; {alerts} alerts"),
    "demo.summary": ("汇总表：{path}", "Summary: {path}"),
    "demo.report": ("报告：{path}", "Report: {path}"),
    "demo.feedback": ("反馈表：{path}", "Feedback: {path}"),
    "demo.blank": ("空白台账：{path}", "Blank ledger: {path}"),
    "demo.next": ("试试：fedxl --workspace {path} metrics --half 2026H1（上半年的数字），再比较 --year 2026（全年到 7 月底）",
                  "Try: fedxl --workspace {path} metrics --half 2026H1, then --year 2026"),
    # --- excel
    "excel.unreadable": ("无法读取该台账：{detail}", "The ledger cannot be read: {detail}"),
    "excel.open_ledger": ("请先打开要处理的镇街台账，并让它成为当前窗口，再点按钮。", "Open the town's ledger and make it the active window first."),
    "excel.ingested": ("已收件登记：{status}（第 {id} 号）", "Ingested: {status} (#{id})"),
    "excel.setup_done": ("已生成 Excel 按钮工作簿：{path}", "Excel buttons workbook written: {path}"),
    "excel.no_xlwings": ("需要先安装 xlwings：pip install \"fedxl[excel]\"", "xlwings is needed: pip install \"fedxl[excel]\""),
    "excel.bat_written": ("已生成拖放校验文件：{path}（把台账文件拖到它上面即可校验）", "Drop target written: {path}"),
    # --- feedback workbook
    "feedback.title": ("台账校验结果", "Ledger check results"),
    "feedback.file": ("文件：{file}", "File: {file}"),
    "feedback.how": ("红色单元格是错误，必须修改；黄色单元格是警告，请核实。鼠标停在单元格上可看批注。改好后把本文件直接报送即可（本页不用删除）。",
                     "Red cells are errors to fix; yellow cells are warnings to verify. Hover a cell for the comment. Send this file back when fixed (keep this sheet)."),
    "feedback.hint": ("建议：{hint}", "Fix: {hint}"),
    "feedback.col.no": ("序号", "No."),
    "feedback.sheet": ("校验结果", "校验结果"),
    # --- form file
    "form.not_found": ("找不到台账表单定义文件：{path}", "Form definition file not found: {path}"),
    "form.syntax": (
        "表单定义文件 {file} 格式错误（第 {line} 行）：{detail}",
        "Form file {file} is not valid TOML (line {line}): {detail}",
    ),
    "form.invalid": ("表单定义文件 {file} 有误：{where}：{detail}", "Form file {file} is invalid: {where}: {detail}"),
    # --- template (blank ledgers)
    "template.town_unknown": (
        "镇街“{town}”不在工作区配置中（可选：{towns}）",
        "Town '{town}' is not in the workspace config (known: {towns})",
    ),
    "template.need_town": ("请用 --town 指定镇街，或用 --all 为全部镇街生成", "Pass --town T or --all"),
    "template.bad_month": (
        "月份“{month}”格式不对，应为 YYYY-MM，且在台账年度 {year} 年内",
        "Month '{month}' must be YYYY-MM inside the ledger year {year}",
    ),
    "template.written": ("已生成空白台账 {count} 份：", "{count} blank ledger(s) written:"),
    "template.rolled": ("（已带入第 {id} 号报送的全部记录 {n} 条，镇街在此基础上接着填写）", "(all {n} rows of #{id} carried forward)"),
    "template.title": ("{town}{sheet}（{year}年）", "{town} {sheet} ({year})"),
    # --- blank ledger texts (written into the workbook)
    "blank.instructions": ("填报说明", "Instructions"),
    "blank.heading": ("{title}填报说明", "{title}: how to fill it in"),
    "blank.intro": (
        "本台账为{year}年度累计台账，请逐月续填，不要删除以前月份的记录。每月{deadline}日前将截至上月底的台账报送{federation}。",
        "This is the cumulative ledger for {year}: keep adding each month and never delete earlier records. Send it to {federation} by day {deadline} of each following month.",
    ),
    "blank.intro2": (
        "请勿修改工作表名称和表头；标“*”的列必须填写；日期填写为 2026-03-05 格式；手机号、统一社会信用代码按文字填写。",
        "Do not rename sheets or headers; columns marked * are required; dates as 2026-03-05; phones and credit codes as text.",
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
    "blank.fk": ("须为本表“妇委会名录”中的组织名称，或“{town}妇联”", "must be an organisation of 妇委会名录, or '{town}妇联'"),
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
    "blank.prompt.date": ("请填写日期，如 {example}{bounds}", "Enter a date such as {example}{bounds}"),
    "blank.prompt.text": ("不超过 {n} 个字", "At most {n} characters"),
    "blank.prompt.phone": ("手机号 11 位，多个号码用“、”分隔", "11-digit mobile; separate several with 、"),
    "blank.prompt.uscc": ("18 位统一社会信用代码", "18-character unified social credit code"),
    "blank.prompt.month": ("填写年月，如 {example}", "Enter year and month such as {example}"),
    "blank.bounds": ("（{text}）", " ({text})"),
    "blank.error_title": ("输入有误", "Invalid entry"),
    "blank.error.enum": ("只能从下拉列表中选择：{values}", "Choose one of: {values}"),
    "blank.error.generic": ("输入的内容不符合要求：{prompt}", "This value is not allowed: {prompt}"),
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
    "example.month": ("请填写年月，如 2026-06（不要写成 2026.1 这类有歧义的数字）", "Enter a month such as 2026-06"),
    "example.yesno": ("请填写“是”或“否”", "Enter 是 or 否"),
    "example.phone": ("手机号 11 位，座机如 0415-1234567，多个号码用“、”分隔", "11-digit mobile or 0415-1234567; separate several with 、"),
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
    "town.not_configured": ("：“{value}”不是本区的镇街", ": '{value}' is not a town of this district"),
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
        return key
    text = pair[1] if get_lang() == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text
