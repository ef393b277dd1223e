"""The commented example fedxl.toml that `fedxl init` writes."""

from __future__ import annotations

import datetime as dt

# A fictional district; every name is invented.
EXAMPLE_TOWNS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("头道桥街道", ("头道桥",), 3),
    ("二道河街道", ("二道河",), 3),
    ("新华街道", ("新华",), 4),
    ("站前街道", ("站前",), 3),
    ("振兴街道", (), 4),
    ("兴隆镇", (), 2),
    ("永安镇", (), 2),
    ("东湖镇", (), 2),
    ("柳河镇", (), 2),
    ("双山镇", (), 2),
)

HEADER = """\
# fedxl 工作区配置文件（fedxl.toml）
# 修改后保存即可生效。以 # 开头的行是说明，不影响配置。
# The workspace configuration of fedxl. Lines starting with # are comments.

[district]
name = "{district}"             # 本区名称
federation = "{district}妇联"     # 发文单位（简报、通知的落款）
ledger_year = {year}               # 默认年份：台账没写截至月份时用；跨年不用改（台账按截至月份算年份）
deadline_day = 5                 # 每月几日前报送上月台账（逾期判断用）
# doc_prefix = "振妇字"           # 通知的发文字号前缀：振妇字〔2026〕3号（按年编号）
# contact_person = "林晓梅"        # 通知里写的区妇联联系人
# contact_phone = "0415-3126688"   # 联系电话
# report_to = "市妇联"             # 半年工作总结的主送机关、简报版记的“报”

# 每个镇街一段 [[towns]]。aliases 是文件里可能出现的其他写法和改名前的旧名；quota 是年度建组任务（个），
# 也可以按年写：quota = {{ 2026 = 3, 2027 = 4 }}。新设的镇街加 since = "2026-09"（从哪个月起报送），
# 撤并的加 until = "2027-06"（报到哪个月）；contact、phone 是镇街联系人和电话（催报通知用）。
# 加镇街、改名、撤并都不会改变已经报过的月份的报送情况和数字。
# One [[towns]] block per town: aliases = other spellings and former names, quota = yearly target
# (or by year), since / until = the months it reports, contact / phone for notices.
"""  # noqa: E501 - the commented fedxl.toml a clerk reads

TOWN = """
[[towns]]
name = "{name}"
aliases = [{aliases}]
quota = {quota}
"""

FOOTER = """
[options]
mask_phones = true               # Word 报告中手机号显示为 139****5678；false 显示完整号码
lang = "zh"                      # 提示语言：zh 中文，en 英文

# 收到的文件的上限（超过即判为 file-too-large，不再解析）。一般不用改。
[limits]
max_file_mb = 50                 # 文件大小（MB）
max_unzipped_mb = 500            # 解压后总大小（MB）
max_rows = 200000                # 每个工作表的行数
uploads_per_minute = 12          # 网页收件：每个镇街链接每分钟最多报送几次

# 全市各区共用一台 PostgreSQL 数据库服务器时才需要
# （见 docs/server.md；先 pip install "fedxl[server]"）。不写就用本机的 workbooks/fedxl.db。
# Only when the city's districts share a PostgreSQL server (docs/server.md).
# [store]
# url = "postgresql://fedxl:密码@10.0.0.5/fedxl"
"""


def sample_config(
    example: str | None = None, year: int | None = None, towns: list[str] | None = None
) -> str:
    """Text of a commented fedxl.toml: the district `example` and its `towns` (quota 0, to fill
    in), or the fictional district 振兴区 and its ten towns."""
    year = year or dt.date.today().year
    parts = [HEADER.format(district=example or "振兴区", year=year)]
    register = [(name, (), 0) for name in towns] if towns else EXAMPLE_TOWNS
    for name, aliases, quota in register:
        parts.append(
            TOWN.format(name=name, aliases=", ".join(f'"{a}"' for a in aliases), quota=quota)
        )
    parts.append(FOOTER)
    return "".join(parts)
