#!/usr/bin/env bash
# Re-make docs/images/bat_menu.png and bat_drop.png: the demo workspace's fedxl菜单.bat and
# 校验台账.bat as a clerk sees them, run in a tmux pane (120×40, the size of a Windows 10 console) and drawn as a console window.
# Needs tmux, fonts-noto-cjk and the .venv (make install).  Usage: bash docs/tools/screens.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PY="$PWD/.venv/bin/python"
work="$(mktemp -d)"
trap 'tmux kill-session -t fedxl-screens 2>/dev/null || true; rm -rf "$work"; true' EXIT
"$PY" -m fedxl demo --no-pdf "$work/台账工作区" >/dev/null
ws="$work/台账工作区"
# a file with errors, dropped from the desktop into the workspace's folder for the picture
drop="$ws/站前街道6月台账.xlsx"  # a demo ledger with errors (the demo's archive keeps it read-only)
cp "$(ls "$ws"/workbooks/archive/2026/站前街道/*站前街道6月台账.xlsx)" "$drop"
chmod u+w "$drop"

shot() {  # shot NAME TITLE ARGS...
    local name="$1" title="$2"; shift 2
    tmux kill-session -t fedxl-screens 2>/dev/null || true
    tmux new-session -d -s fedxl-screens -x 120 -y 40
    tmux send-keys -t fedxl-screens "clear; echo __BEG''IN__; $PY docs/tools/bat_preview.py $* ; echo __E''ND__" Enter
    for _ in $(seq 1 300); do
        tmux capture-pane -p -t fedxl-screens | grep -q '^__END__' && break
        sleep 0.2
    done
    tmux capture-pane -e -p -S - -t fedxl-screens > "$work/$name.raw"
    # keep what the .bat printed (the markers are quoted in the typed line, so only the output matches)
    awk '/^__END__/{on=0} on; /^__BEGIN__/{on=1}' "$work/$name.raw" > "$work/$name.txt"
    "$PY" docs/tools/pane_png.py "$work/$name.txt" "docs/images/$name.png" --title "$title" --cols 120
}
shot bat_menu "fedxl菜单.bat" "'$ws'" fedxl菜单.bat --choice 2
shot bat_drop "校验台账.bat" "'$ws'" 校验台账.bat "'$drop'"
echo "docs/images/bat_menu.png docs/images/bat_drop.png"
