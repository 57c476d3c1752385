#!/usr/bin/env bash
# Issue 5 target: the Wireshark dissector decodes every message `vreg decode` decodes on the same
# capture. Writes the synthetic capture of vreglink-capture-bench (4 interleaved connections,
# multi-chunk transfers, ble-gatt.md §6 vectors), counts the messages of each opcode with
# `vreg decode --summary` and with tshark + victron.lua, and prints both and the verdict.
# Usage: bench/dissector_same_count.sh BUILD_DIR [MEGABYTES]   (default 10 MB: tshark ~4 s/MB)
set -euo pipefail
build=${1:?build directory}
megabytes=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
capture="$work/synthetic.btsnoop"
"$build/bench/vreglink-capture-bench" "$megabytes" "$capture" >/dev/null

# vreg: messages_by_op of both directions, as "opcode count" lines (JSON op names -> opcodes).
"$build/apps/vreg/vreg" decode --summary "$capture" | python3 -c '
import json, sys
names = {"get_devices": 1, "device_list": 2, "subscribe": 3, "get": 5, "set": 6, "status": 7,
         "value": 8, "error": 9}
s = json.load(sys.stdin)
counts = {}
for d in ("tx", "rx"):
    for op, n in s[d]["messages_by_op"].items():
        key = "0x%02x" % names[op] if op in names else op
        counts[key] = counts.get(key, 0) + n
for k in sorted(counts): print(k, counts[k])
' >"$work/vreg.txt"

start=$(date +%s.%N)
tshark -n -X lua_script:"$build/wireshark/victron.lua" -r "$capture" -Y victron -T fields \
    -E occurrence=a -E aggregator=, -e victron.op 2>/dev/null |
    tr ',' '\n' | grep . | sort | uniq -c | awk '{print $2, $1}' >"$work/tshark.txt"
end=$(date +%s.%N)

total() { awk '{n += $2} END {print n + 0}' "$1"; }
size=$(stat -c %s "$capture")
echo "dissector vs vreg decode: $(awk "BEGIN {printf \"%.1f\", $size / 1e6}") MB btsnoop," \
    "vreg $(total "$work/vreg.txt") messages, dissector $(total "$work/tshark.txt") messages" \
    "(tshark $(awk "BEGIN {printf \"%.1f\", $end - $start}") s)"
if diff -u --label "vreg decode" --label "dissector" "$work/vreg.txt" "$work/tshark.txt"; then
    echo "same count for every opcode: $(tr '\n' ' ' <"$work/vreg.txt")"
else
    echo "MISMATCH"
    exit 1
fi
