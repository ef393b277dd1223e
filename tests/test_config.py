"""fedxl.toml: the documented shape loads; mistakes name the key and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from fedxl.errors import ConfigError
from fedxl.workspace import find_workspace
from fedxl.workspace.config import load_config
from tests.conftest import MINIMAL_CONFIG, write_config


def test_documented_shape_loads(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        """\
[district]
name = "振兴区"               # district
federation = "振兴区妇联"
ledger_year = 2026
deadline_day = 5

[[towns]]
name = "头道桥街道"
aliases = ["头道桥"]
quota = 3

[options]
mask_phones = true
lang = "zh"
""",
    )
    cfg = load_config(path)
    assert cfg.district.name == "振兴区"
    assert cfg.district.federation == "振兴区妇联"
    assert cfg.district.ledger_year == 2026
    assert cfg.district.deadline_day == 5
    assert [(t.name, t.aliases, t.quota) for t in cfg.towns] == [("头道桥街道", ("头道桥",), 3)]
    assert cfg.options.mask_phones is True and cfg.options.lang == "zh"
    assert cfg.find_town("头道桥").name == "头道桥街道"
    assert cfg.find_town("头道 桥街道").name == "头道桥街道"
    assert cfg.find_town("别处") is None


def test_defaults(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, MINIMAL_CONFIG))
    assert cfg.district.federation == "振兴区妇联"
    assert cfg.district.deadline_day == 5
    assert cfg.towns[1].quota is None and cfg.towns[1].aliases == ()
    assert cfg.options.mask_phones is True


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        (
            MINIMAL_CONFIG.replace("ledger_year = 2026", 'ledger_year = "2026"'),
            "config.bad_type",
            3,
        ),
        (MINIMAL_CONFIG.replace("quota = 3", "qouta = 3"), "config.unknown_key", 8),
        (MINIMAL_CONFIG.replace("quota = 3", "quota = -1"), "config.bad_value", 8),
        (MINIMAL_CONFIG.replace("ledger_year = 2026", "ledger_year = 26"), "config.bad_value", 3),
        (MINIMAL_CONFIG + '\n[options]\nmask_phones = "yes"\n', "config.bad_type", 14),
        (MINIMAL_CONFIG + '\n[options]\nlang = "fr"\n', "config.bad_value", 14),
        (MINIMAL_CONFIG.replace('name = "兴隆镇"', 'name = "头道桥"'), "config.duplicate_town", 11),
        (MINIMAL_CONFIG.replace("ledger_year = 2026", "ledger_year = = 2026"), "config.syntax", 3),
        (MINIMAL_CONFIG + "\n[paths]\ninbox = 'x'\n", "config.unknown_key", 13),
    ],
)
def test_bad_config_names_key_and_line(tmp_path: Path, text: str, key: str, line: int) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(tmp_path, text))
    assert info.value.key == key
    assert info.value.kwargs["line"] == line
    assert f"第 {line} 行" in info.value.render()


def test_missing_district_and_missing_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(tmp_path, '[[towns]]\nname = "甲镇"\n'))
    assert info.value.key == "config.missing_section"
    assert info.value.kwargs["key"] == "district"
    with pytest.raises(ConfigError) as info:
        load_config(
            write_config(tmp_path, '[district]\nname = "振兴区"\n\n[[towns]]\nname = "甲镇"\n')
        )
    assert info.value.key == "config.missing_key"
    assert info.value.kwargs["key"] == "ledger_year"
    assert info.value.kwargs["line"] == 1


def test_no_towns(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write_config(tmp_path, '[district]\nname = "振兴区"\nledger_year = 2026\n'))
    assert info.value.key == "config.no_towns"


def test_workspace_found_upward(tmp_path: Path) -> None:
    write_config(tmp_path / "ws", MINIMAL_CONFIG)
    deep = tmp_path / "ws" / "workbooks" / "inbox"
    deep.mkdir(parents=True)
    assert find_workspace(start=deep).root == (tmp_path / "ws").resolve()
    assert find_workspace(explicit=tmp_path / "ws").root == (tmp_path / "ws").resolve()
    with pytest.raises(ConfigError) as info:
        find_workspace(explicit=tmp_path)
    assert info.value.key == "workspace.not_found"
    with pytest.raises(ConfigError):
        find_workspace(explicit=tmp_path / "nowhere")


def test_cli_bad_config_exit_2_in_chinese(tmp_path: Path, run) -> None:
    write_config(tmp_path, MINIMAL_CONFIG.replace("quota = 3", 'quota = "三"'))
    result = run("template", "--all", "--workspace", str(tmp_path))
    assert result.exit_code == 2
    assert "第 8 行" in result.stderr and "towns[1].quota" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_bad_config_in_english(tmp_path: Path, run) -> None:
    write_config(tmp_path, MINIMAL_CONFIG.replace("quota = 3", 'quota = "三"'))
    result = run("--lang", "en", "template", "--all", "--workspace", str(tmp_path))
    assert result.exit_code == 2
    assert "line 8" in result.stderr and "must be an integer" in result.stderr


def test_init_writes_a_valid_commented_config(workspace: Path) -> None:
    text = (workspace / "fedxl.toml").read_text(encoding="utf-8")
    assert text.count("#") > 10
    cfg = load_config(workspace / "fedxl.toml")
    assert cfg.district.ledger_year == 2026
    assert len(cfg.towns) == 10
    assert (workspace / "templates" / "form.toml").is_file()
    for sub in ("inbox", "archive", "feedback", "blank", "summaries", "reports"):
        assert (workspace / "workbooks" / sub).is_dir()


def test_init_refuses_to_overwrite(workspace: Path, run) -> None:
    result = run("init", str(workspace))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert run("init", str(workspace), "--force").exit_code == 0


def test_chinese_quotes_and_a_notepad_ansi_file(workspace: Path, run) -> None:
    config = workspace / "fedxl.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "振兴区"', "name = “振兴区”", 1), encoding="utf-8")
    out = run("status", "-w", str(workspace))
    assert (
        out.exit_code == 2
        and "中文标点" in out.stderr
        and "“ ”" in out.stderr
        and "Traceback" not in out.stderr
    )
    config.write_bytes(text.encode("gbk"))  # Notepad's "ANSI" on Chinese Windows
    assert load_config(config).encoding == "gbk" and load_config(config).district.name == "振兴区"
    out = run("status", "-w", str(workspace))
    assert out.exit_code == 0 and "GBK" in out.stderr


def test_init_writes_the_districts_own_towns(tmp_path: Path, run) -> None:
    """`fedxl init --district 元宝区 --towns 兴东街道,七道街道`: those towns, not the demo's."""
    root = tmp_path / "元宝"
    out = run("init", str(root), "--district", "元宝区", "--towns", "兴东街道、七道街道")
    assert out.exit_code == 0, out.stderr
    config = load_config(root / "fedxl.toml")
    assert config.district.name == "元宝区" and config.district.federation == "元宝区妇联"
    assert [t.name for t in config.towns] == ["兴东街道", "七道街道"]
    bad = run("init", str(tmp_path / "x"), "--towns", "兴东街道,兴东街道")
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr
    example = run("init", str(tmp_path / "y"))
    assert example.exit_code == 0 and "振兴区" in example.stdout  # says the example must be edited
