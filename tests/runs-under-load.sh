#!/usr/bin/env bash
# Issue 7, item 6: the suite never flakes. Clones the committed HEAD into a fresh folder and runs its ./test.sh N times
# in a row (default 3) while `yes > /dev/null` keeps one core busy; the busy process is started and stopped here.
#   tests/runs-under-load.sh [runs=3]
# Prints each run's closing line, then one closing line "N passed, N failed" summed over the runs; exits non-zero if
# any run failed. The clone is deleted at the end unless KEEP_TEST_RUN=1.
set -euo pipefail

runs=${1:-3}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clone=$(mktemp -d /tmp/segur-under-load.XXXXXX)
busy=""

stop() {
    [[ -n "$busy" ]] && kill "$busy" 2>/dev/null || true
    [[ "${KEEP_TEST_RUN:-0}" == 1 ]] || rm -rf "$clone"
}
trap stop EXIT

git clone --quiet "$repo" "$clone/repo"
yes > /dev/null &
busy=$!
echo "[runs-under-load] $(git -C "$clone/repo" log --oneline -1), ${runs} runs, one core kept busy by pid ${busy}" >&2

passed=0
failed=0
for ((run = 1; run <= runs; run++)); do
    started=$(date +%s)
    log="$clone/run-$run.log"
    (cd "$clone/repo" && ./test.sh) >"$log" 2>&1 || true
    closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)
    echo "[runs-under-load] run $run: ${closing:-no closing line} in $(($(date +%s) - started)) s" >&2
    if [[ -z "$closing" ]]; then
        failed=$((failed + 1))
        tail -40 "$log" >&2
        continue
    fi
    p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$closing")
    f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$closing")
    passed=$((passed + p))
    failed=$((failed + f))
    ((f == 0)) || grep -E '^\s+Failed ' "$log" >&2 || true
done

echo "${passed} passed, ${failed} failed"
((failed == 0))
