#!/usr/bin/env bash
# Stream-action fan-out figures (issue 6): a live channel's streamer sends 5
# stream actions/s of 1 KB (encoded request 1,020 bytes) through the HTTP
# API for 60 s while 1,000 anonymous subscribers of the channel's events
# (channel:<channelId>, centrifuge-go, protobuf) receive them: delivery
# latency p50/p99/max, loss, CPU and memory. See docs/benchmarks.md.
#
#   bench/actions.sh                                   # full run, about 1.5 minutes
#   SUBSCRIBERS=2000 bench/actions.sh                  # another size
#   SUBSCRIBERS=100 MEASURE=5s bench/actions.sh        # quick run
#
# Knobs (environment): BIN (default: built from this tree into a temp dir),
# SUBSCRIBERS (1000; several sizes may be listed, each gets a fresh server),
# RATE (actions/s, 5; the server allows 10 per channel), MEASURE (measured
# window, 60s), WARMUP (sending before it, 5s), RAMP (time over which
# subscribers connect, 5s), PAYLOAD (encoded request bytes, 1020),
# PROTOCOL (protobuf or json).
# Actions are only accepted while the channel is live, so each step starts
# ffmpeg publishing a 640x360 test pattern with a sine tone over RTMP and
# waits until the channel is live. Everything listens on 127.0.0.1; every
# process started here is stopped on exit. The stream key is never printed.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
RATE=${RATE:-5}
MEASURE=${MEASURE:-60s}
WARMUP=${WARMUP:-5s}
RAMP=${RAMP:-5s}
PAYLOAD=${PAYLOAD:-1020}
PROTOCOL=${PROTOCOL:-protobuf}
source bench/lib.sh

if [[ -z $BIN ]]; then
	BIN="$WORK/bin/onair"
	go build -tags noui -o "$BIN" ./cmd/onair
fi
go build -o "$WORK/bin/actionload" ./bench/actionload
echo "onair stream actions bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), $(ffmpeg -version | head -n1 | awk '{print $1, $3}'), load $(cut -d' ' -f1-3 /proc/loadavg), RLIMIT_NOFILE $(ulimit -Sn)/$(ulimit -Hn)"

json_flag=()
[[ $PROTOCOL == json ]] && json_flag=(-json)
json() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2"; }

for n in $SUBSCRIBERS; do
	dir="$WORK/actions$n"
	mkdir -p "$dir"
	"$BIN" user create --data-dir "$dir" --username streamer --email streamer@example.com \
		--password 'Passw0rd!' --verified --json >"$dir/user.json"
	start_server "$dir"
	rtmp=$(sed -n 's/.*onair ready.* rtmp=\([^ ]*\).*/\1/p' "$dir/serve.log")
	[[ -n $rtmp ]] || { echo "no rtmp address in the server log" >&2; exit 1; }
	idle=$(rss_mib "$SERVER_PID" VmRSS)

	# The key stays in this variable and on ffmpeg's command line; ffmpeg's
	# own log (which may quote the URL) is never shown.
	key=$(json streamKey "$dir/user.json")
	[[ -n $key ]] || { echo "no stream key in onair user create --json" >&2; exit 1; }
	ffmpeg -hide_banner -nostdin -loglevel error -re -f lavfi -i testsrc2=size=640x360:rate=30 \
		-f lavfi -i sine=frequency=440:sample_rate=48000 -c:v libx264 -preset ultrafast -tune zerolatency \
		-g 30 -pix_fmt yuv420p -b:v 800k -c:a aac -f flv "rtmp://$rtmp/live/$key" >"$dir/ffmpeg.log" 2>&1 &
	ffmpeg_pid=$!
	PIDS+=("$ffmpeg_pid")
	unset key
	live=""
	for ((t = 0; t < 30; t++)); do
		if curl -fsS --max-time 5 "$SERVER_URL/api/v1/channels/streamer" | grep -q '"isLive":true'; then
			live=1
			break
		fi
		kill -0 "$ffmpeg_pid" 2>/dev/null || { echo "ffmpeg exited before the channel went live" >&2; exit 1; }
		sleep 1
	done
	[[ -n $live ]] || { echo "the channel is not live after 30 s" >&2; exit 1; }

	echo "== $n subscribers (load $(cut -d' ' -f1-3 /proc/loadavg))"
	ff0=$(cpu_ticks "$ffmpeg_pid")
	t0=$(date +%s.%N)
	out=$(timeout 15m "$WORK/bin/actionload" -url "$SERVER_URL" -login streamer -password 'Passw0rd!' -subscribers "$n" \
		-rate "$RATE" -duration "$MEASURE" -warmup "$WARMUP" -ramp "$RAMP" -payload-bytes "$PAYLOAD" \
		-server-pid "$SERVER_PID" "${json_flag[@]}")
	ff1=$(cpu_ticks "$ffmpeg_pid")
	t1=$(date +%s.%N)
	ffcpu=$(cpu_pct "$ff0" "$ff1" "$t0" "$t1")
	echo "$out" | sed 's/^/    /'
	line=$(grep '^subscribers=' <<<"$out")
	res=$(grep '^window_s=' <<<"$out")
	p99=$(field p99_ms "$line")
	lost=$(field lost "$line")
	target="MISSES"
	[[ $lost == 0 && $(verdict "$p99" 200) == meets ]] && target="meets"
	summary "$n subscribers" "$(field sent "$line") actions of $(field payload_bytes "$line") B; p50 $(field p50_ms "$line") ms, p99 $p99 ms, max $(field max_ms "$line") ms (fan-out p99 $(field fanout_p99_ms "$line") ms, send p99 $(field send_p99_ms "$line") ms); $(field deliveries_per_s "$line") deliveries/s; lost $lost, errors $(field errors "$line"); server CPU $(field server_cpu_pct "$res")% of one core, RSS $(field server_rss_mib "$res") MiB (idle $idle); generator CPU $(field gen_cpu_pct "$res")%; ffmpeg CPU $ffcpu%; target (no loss, p99 <= 200 ms) $target"
	kill -TERM "$ffmpeg_pid" 2>/dev/null || true
	wait "$ffmpeg_pid" 2>/dev/null || true
	keep=()
	for pid in "${PIDS[@]}"; do [[ $pid == "$ffmpeg_pid" ]] || keep+=("$pid"); done
	PIDS=("${keep[@]}")
	stop_server
done
