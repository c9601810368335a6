#!/usr/bin/env bash
# tests/browser/run.sh: renders the HTML report in a real browser (Debian's headless Chromium,
# installed here if missing) and fails when a page is blank, an image or SVG it references is
# missing or not an SVG, or a local link is broken. `make test-browser` runs it.
# Usage: tests/browser/run.sh [SHOT_DIR]   (screenshots kept in SHOT_DIR, default build/browser)
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
shots=${1:-build/browser}
mkdir -p "$shots"
shots=$(cd "$shots" && pwd)

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test-browser: installing Debian's chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null || exit 1
    chromium=$(command -v chromium)
  else
    echo "test-browser: chromium is missing; run: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out="$tmp/results"
FAST=(--warm-up-time 0.1 --measurement-time 0.5 --sample-size 20 --nresamples 5000 --color never)
"$BIN/bench" calibration --output-dir "$out" "${FAST[@]}" >/dev/null 2>&1 &&
  "$BIN/bench" calibration --output-dir "$out" "${FAST[@]}" >/dev/null 2>&1 # compared: more plots
check "bench calibration ran twice" [ $? -eq 0 ]

browse() {  # what (screenshot|dom), file, target
  local args=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$tmp/profile"
              --window-size=1280,2400 --virtual-time-budget=2000)
  if [ "$1" = screenshot ]; then
    timeout 60 "$chromium" "${args[@]}" --screenshot="$2" "$3" >/dev/null 2>&1
  else
    timeout 60 "$chromium" "${args[@]}" --dump-dom "$3" >"$2" 2>/dev/null
  fi
}

# A blank page's screenshot is the floor: a rendered report must be several times larger.
printf '<!doctype html><title>blank</title>' >"$tmp/blank.html"
browse screenshot "$tmp/blank.png" "file://$tmp/blank.html"
blank_size=$(stat -c %s "$tmp/blank.png" 2>/dev/null || echo 0)
check "chromium renders a screenshot" [ "$blank_size" -gt 0 ]

# Local targets of src= and href= in an HTML file must exist; every .svg must be an SVG.
check_page() {  # name, html file
  local name=$1 page=$2 dir target missing=0
  dir=$(dirname "$page")
  while IFS= read -r target; do
    case "$target" in http:*|https:*|mailto:*|\#*|"") continue ;; esac
    target=${target%%#*}
    if [ ! -e "$dir/$target" ]; then echo "  $name: broken link or missing file: $target" >&2; missing=1; continue; fi
    case "$target" in
      *.svg) grep -q '<svg' "$dir/$target" || { echo "  $name: $target is not an SVG" >&2; missing=1; } ;;
    esac
  done < <(grep -oE '(src|href)="[^"]*"' "$page" | sed -E 's/^(src|href)="//; s/"$//')
  [ $missing -eq 0 ]
}

pages=("index:$out/report/index.html" "benchmark:$out/calibration/chain1000/report/index.html"
       "group:$out/calibration/report/index.html")
for entry in "${pages[@]}"; do
  name=${entry%%:*} page=${entry#*:}
  check "$name page exists" [ -s "$page" ]
  [ -s "$page" ] || continue
  check "$name page: every link and image resolves" check_page "$name" "$page"
  browse screenshot "$shots/$name.png" "file://$page"
  size=$(stat -c %s "$shots/$name.png" 2>/dev/null || echo 0)
  check "$name page is not blank ($size bytes vs $blank_size blank)" [ "$size" -gt $((blank_size * 3 / 2)) ]
  browse dom "$tmp/$name.dom" "file://$page"
  check "$name page has text after rendering" grep -q 'calibration' "$tmp/$name.dom"
done
check "benchmark page shows plots" bash -c '[ "$(grep -oE "<(img|svg)[ >]" "$1" | wc -l)" -ge 4 ]' _ "$tmp/benchmark.dom"
check "benchmark page shows the comparison" grep -q 'No change in performance detected\|Performance has\|Change within noise' "$tmp/benchmark.dom"
echo "screenshots: $shots/index.png $shots/benchmark.png $shots/group.png"
finish
