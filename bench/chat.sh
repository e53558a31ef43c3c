#!/usr/bin/env bash
# Chat fan-out figures: delivery latency, deliveries/s, CPU and memory of
# onair with 1,000, 5,000 and 10,000 anonymous subscribers of one chat room
# (centrifuge-go, protobuf) and one signed-in publisher posting 10
# messages/s through the HTTP API. See docs/benchmarks.md.
#
#   bench/chat.sh                                  # full run, about 3 minutes
#   SUBSCRIBERS="1000" MEASURE=5s bench/chat.sh    # quick run
#
# Knobs (environment): BIN (default: built from this tree into a temp dir),
# SUBSCRIBERS ("1000 5000 10000"), RATE (messages/s, 10), MEASURE (measured
# window per step, 20s), WARMUP (publishing before it, 5s), RAMP (time over
# which subscribers connect, 5s), PROTOCOL (protobuf or json), SERVE_GOGC
# (GOGC of onair serve only; unset by default, so onair paces its collector
# itself), GEN_GOGC (the generator's GOGC, 100), GEN_PROFILE
# (a path prefix: the generator writes its CPU profile to <prefix>.<N>, and
# <prefix>.<N>.reference for the reference),
# REFERENCE (set: after each onair step, the same step against
# bench/chatref, a minimal Centrifuge server with the library's defaults).
# The server runs with --chat-user-rate/--chat-room-rate 100: the defaults
# (2/s per user, 10/s per room) would refuse one publisher at 10/s.
# Each step starts a fresh server. Everything listens on 127.0.0.1; every
# process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-}
SUBSCRIBERS=${SUBSCRIBERS:-1000 5000 10000}
RATE=${RATE:-10}
MEASURE=${MEASURE:-20s}
WARMUP=${WARMUP:-5s}
RAMP=${RAMP:-5s}
PROTOCOL=${PROTOCOL:-protobuf}
SERVE_GOGC=${SERVE_GOGC:-}
source bench/lib.sh

if [[ -z $BIN ]]; then
	BIN="$WORK/bin/onair"
	go build -tags noui -o "$BIN" ./cmd/onair
fi
go build -o "$WORK/bin/chatload" ./bench/chatload
REFERENCE=${REFERENCE:-}
if [[ -n $REFERENCE ]]; then
	go build -o "$WORK/bin/chatref" ./bench/chatref
fi

# start_reference DIR starts bench/chatref like start_server starts onair.
start_reference() {
	local ready=$1/ref-ready i
	rm -f "$ready"
	"$WORK/bin/chatref" -addr 127.0.0.1:0 -ready-file "$ready" >"$1/ref.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for ((i = 0; i < 100; i++)); do
		[[ -s $ready ]] && break
		sleep 0.05
	done
	[[ -s $ready ]] || { echo "chatref not ready after 5 s; log:" >&2; cat "$1/ref.log" >&2; exit 1; }
	SERVER_URL=$(<"$ready")
}
echo "onair chat bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg), server GOGC ${SERVE_GOGC:-paced}, RLIMIT_NOFILE $(ulimit -Sn)/$(ulimit -Hn)"

json_flag=()
[[ $PROTOCOL == json ]] && json_flag=(-json)
GEN_PROFILE=${GEN_PROFILE:-}

# measure KIND PUBLISHER_FLAGS... runs the generator against the server at
# SERVER_URL/SERVER_PID (KIND: subscribers for onair, reference for
# bench/chatref) and prints its output and a summary line.
measure() {
	local label="$n $1" profile=$GEN_PROFILE.$n idle out line res
	[[ $1 == reference ]] && profile+=.reference
	shift
	idle=$(rss_mib "$SERVER_PID" VmRSS)
	echo "== $label (load $(cut -d' ' -f1-3 /proc/loadavg))"
	out=$(GOGC=${GEN_GOGC:-100} "$WORK/bin/chatload" -url "$SERVER_URL" "$@" -subscribers "$n" \
		-rate "$RATE" -duration "$MEASURE" -warmup "$WARMUP" -ramp "$RAMP" -server-pid "$SERVER_PID" "${json_flag[@]}" \
		${GEN_PROFILE:+-cpuprofile "$profile"})
	echo "$out" | sed 's/^/    /'
	line=$(grep '^subscribers=' <<<"$out")
	res=$(grep '^window_s=' <<<"$out")
	summary "$label" "p50 $(field p50_ms "$line") ms, p99 $(field p99_ms "$line") ms, max $(field max_ms "$line") ms; $(field deliveries_per_s "$line") deliveries/s; lost $(field lost "$line"), errors $(field errors "$line"); server CPU $(field server_cpu_pct "$res")% of one core, RSS $(field server_rss_mib "$res") MiB (idle $idle); generator CPU $(field gen_cpu_pct "$res")%"
}

for n in $SUBSCRIBERS; do
	dir="$WORK/chat$n"
	mkdir -p "$dir"
	"$BIN" user create --data-dir "$dir" --username host --email host@example.com \
		--password 'Passw0rd!' --verified --json >"$dir/user.json"
	if [[ -n $SERVE_GOGC ]]; then
		GOGC=$SERVE_GOGC start_server "$dir" --chat-user-rate 100 --chat-room-rate 100
	else
		start_server "$dir" --chat-user-rate 100 --chat-room-rate 100
	fi
	measure subscribers -login host -password 'Passw0rd!'
	stop_server
	if [[ -n $REFERENCE ]]; then
		start_reference "$dir"
		measure reference -publish-url "$SERVER_URL/publish"
		stop_server
	fi
done
