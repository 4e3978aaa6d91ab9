#!/usr/bin/env bash
# Screenshot of the investor network page for the README / reports.
# Usage: scripts/screenshot.sh [investors.html] [out/investors.png]
# Installs Debian's chromium (and a CJK font so Chinese labels render) when missing.
set -euo pipefail

page="${1:-investors.html}"
shot="${2:-out/investors.png}"
[ -f "$page" ] || { echo "error: $page: no such file (run: kg viz investors -o $page)" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

mkdir -p "$(dirname "$shot")"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --window-size=1400,900 --virtual-time-budget=15000 \
    --screenshot="$shot" "file://$(realpath "$page")" 2>/dev/null
echo "$shot"
