"""PNG charts for the Word reports (matplotlib, with a CJK font when one is installed)."""

from __future__ import annotations

from pathlib import Path

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "SimHei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Noto Sans SC",
)


def cjk_font() -> str | None:
    """The first installed CJK font family matplotlib can use, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in names:
            return family
    for path in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "C:/Windows/Fonts/msyh.ttc",
        "C:/Windows/Fonts/simhei.ttf",
    ):
        if Path(path).exists():  # installed after matplotlib built its font cache
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def bar_chart(labels: list[str], values: list[float], title: str, target: Path) -> str | None:
    """Draw a bar chart to `target`; return a warning when no CJK font is installed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    family = cjk_font()
    warning = None
    if family is None:
        warning = (
            "没有找到中文字体（如 Noto Sans CJK SC、微软雅黑、黑体），图表中的中文会显示为方框；"
            "请安装 fonts-noto-cjk"
        )
    else:
        plt.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(5.9, 2.8), dpi=200)
    bars = ax.bar(labels, values, color="#C00000", width=0.6)
    ax.bar_label(bars, fmt="%g", fontsize=8)
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8, rotation=30)
    ax.tick_params(axis="y", labelsize=8)
    fig.tight_layout()
    fig.savefig(target, transparent=True)
    plt.close(fig)
    return warning
