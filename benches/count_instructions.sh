#!/bin/sh
# Instructions per command and per event of the ticket hot paths, under callgrind: repeatable
# whatever the machine's load (issue 13's before/after). From the workspace root:
#   benches/count_instructions.sh [N]        # N lifecycles of ten commands, default 1000
# Builds benches/ticket_instructions.rs in the bench profile and runs it under
# `valgrind --tool=callgrind` once per phase, collecting only inside that phase's function;
# each phase's instruction count is divided by the commands (handle+apply, execute) or events
# (replay, verify) it processed.
#
# Under valgrind the CPU's SHA extensions are hidden, so sha2 runs its portable code: about
# 15 000 instructions per event that the SHA instructions natively replace by far fewer. The last column leaves
# out `sha2::sha256::compress256` (the same blocks on any commit whose events hash alike:
# compare the hash prefix printed on the first line) — the rest is the code under test.
#
# Another commit (the driver uses only `Ticket::new/handle/apply/execute/replay/events` and
# `verify`, which f94b0f2 has too):
#   git worktree add ../before f94b0f2
#   mkdir -p ../before/benches/common && cp benches/common/lifecycle.rs ../before/benches/common/
#   cp benches/ticket_instructions.rs benches/count_instructions.sh ../before/benches/
#   printf '\n[[bench]]\nname = "ticket_instructions"\nharness = false\n' >> ../before/Cargo.toml
#   (cd ../before && benches/count_instructions.sh)
set -eu
N=${1:-1000}
DIR=${CALLGRIND_DIR:-target/callgrind}
mkdir -p "$DIR"
BIN=$(${CARGO:-cargo} bench --no-run --bench ticket_instructions 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
[ -x "$BIN" ] || { echo "no ticket_instructions executable" >&2; exit 1; }
HEAD=$(JIESU_COUNT_N=$N JIESU_COUNT_PHASE=none "$BIN" | sed -n 1p)
echo "$HEAD"
COMMANDS=$(echo "$HEAD" | sed -n 's/.* \([0-9]*\) commands.*/\1/p')
EVENTS=$(echo "$HEAD" | sed -n 's/.* \([0-9]*\) events.*/\1/p')
printf '%-13s %14s %12s %22s\n' phase Ir Ir/unit "Ir/unit without SHA"
for phase in handle_apply execute replay replay_owned verify encode; do
  out="$DIR/$phase.out"
  JIESU_COUNT_N=$N JIESU_COUNT_PHASE=$phase valgrind --tool=callgrind --callgrind-out-file="$out" \
    --toggle-collect="ticket_instructions::phase_$phase" "$BIN" >/dev/null 2>&1
  total=$(sed -n 's/^totals: *//p' "$out")
  sha=$(callgrind_annotate --threshold=100 --auto=no "$out" 2>/dev/null | grep 'sha2::sha256::compress256' |
    awk '{ gsub(/,/, "", $1); s += $1 } END { print s + 0 }')
  case $phase in handle_apply|execute) units=$COMMANDS unit=command ;; *) units=$EVENTS unit=event ;; esac
  awk -v p="$phase" -v t="$total" -v s="$sha" -v u="$units" -v n="$unit" \
    'BEGIN { printf "%-13s %14d %12.0f %22.0f   per %s\n", p, t, t / u, (t - s) / u, n }'
done
