#!/usr/bin/env bash
# Check that an optimisation did not change what `check` prints: run two
# ogi-lens binaries (before, after) over the same folders in both formats and
# compare stdout, stderr and exit status byte for byte.
#
#   scripts/same-output.sh OLD_BIN NEW_BIN [DIR...]
#
# DIRs default to sample-data and tests/fixtures. For a larger corpus, add a
# synthetic one: cargo run --release --example synth_dump -- --corpus /tmp/s 1000
set -euo pipefail
old=$1 new=$2
shift 2
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=(sample-data tests/fixtures)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for d in "${dirs[@]}"; do
  for f in json text; do
    set +e
    "$old" check "$d" --format "$f" --fail-on warning >"$tmp/old.out" 2>"$tmp/old.err"; a=$?
    "$new" check "$d" --format "$f" --fail-on warning >"$tmp/new.out" 2>"$tmp/new.err"; b=$?
    set -e
    if [ $a != $b ] || ! cmp -s "$tmp/old.out" "$tmp/new.out" || ! cmp -s "$tmp/old.err" "$tmp/new.err"; then
      echo "DIFFERENT: $d --format $f (exit $a vs $b)"
      diff <(head -c 2000000 "$tmp/old.out") <(head -c 2000000 "$tmp/new.out") | head -20 || true
      status=1
    else
      echo "same: $d --format $f ($(wc -c <"$tmp/new.out") bytes, exit $b)"
    fi
  done
done
exit $status
