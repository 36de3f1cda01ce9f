#!/usr/bin/env bash
# Every benchmark, one after the other, in one run: the figures the README's table gives come from one log.
# Run by hand on a quiet machine, from a checkout with the project installed (pip install '.[test]'):
#   bash bench/run_all.sh [LOG]        (default LOG: bench-<date>.log in the current folder)
# The browser check runs only where Debian's chromium is installed (apt-get install chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
log="${1:-bench-$(date +%Y%m%d-%H%M).log}"
python="${PYTHON:-python}"
{
    echo "# reviewtui benchmarks, $(date -Iseconds), $(nproc) CPUs, commit $(git rev-parse --short HEAD 2>/dev/null)"
    for bench in bench_store_save bench_draft_save bench_report bench_startup bench_keypress bench_summary \
                 bench_follow; do
        echo
        echo "## $bench"
        started=$(date +%s)
        "$python" "bench/$bench.py" || echo "!! $bench failed with exit $?"
        echo "($bench took $(( $(date +%s) - started )) s)"
    done
    if command -v chromium >/dev/null; then
        echo
        echo "## browser_follow"
        "$python" bench/browser_follow.py || echo "!! browser_follow failed with exit $?"
    else
        echo
        echo "## browser_follow: skipped, chromium is not installed"
    fi
} 2>&1 | tee "$log"
echo "written: $log"
