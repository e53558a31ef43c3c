#!/usr/bin/env bash
# Media engine figures: CPU and memory of onair with 1, 10 and 50 concurrent
# RTMP ingests at about 3 Mbit/s each (LL-HLS muxing always on), and LL-HLS
# viewer load at 100, 500 and 2,000 viewers. See docs/benchmarks.md.
#
#   bench/media.sh                               # full run, about 5 minutes
#   INGESTS="1 10" VIEWERS="100" MEASURE=5 bench/media.sh   # quick run
#
# Knobs (environment): BIN (default bin/onair, built when missing), INGESTS
# ("1 10 50"), VIEWERS ("100 500 2000"), MEASURE (seconds of CPU measurement
# per ingest step, 20), SETTLE (seconds after the last encoder is live, 5).
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/onair}
INGESTS=${INGESTS:-1 10 50}
VIEWERS=${VIEWERS:-100 500 2000}
MEASURE=${MEASURE:-20}
SETTLE=${SETTLE:-5}
source bench/lib.sh

if [[ ! -x $BIN ]]; then
	go build -tags noui -o "$BIN" ./cmd/onair
fi
go build -o "$WORK/bin/hlsviewers" ./bench/hlsviewers
echo "onair media bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), $(ffmpeg -version | head -n1 | awk '{print $1, $3}')"

# A 20 s 1280x720 30 fps stream at 3 Mbit/s CBR-ish with a 2 s GOP and AAC
# 128 kbit/s, played in a loop by every encoder (-c copy keeps ffmpeg cheap).
sample="$WORK/sample-3m.flv"
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30" \
	-f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 -map 0:v -map 1:a \
	-c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 60 -keyint_min 60 -sc_threshold 0 \
	-pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 -f flv "$sample"
rate=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$sample")
summary "sample" "1280x720 30 fps, $((rate / 1000)) kbit/s total (video + audio)"

max=0
for n in $INGESTS; do ((n > max)) && max=$n; done
dir="$WORK/media"
mkdir -p "$dir"
for ((i = 1; i <= max; i++)); do
	"$BIN" user create --data-dir "$dir" --username "ingest$i" --email "ingest$i@example.com" \
		--password 'Passw0rd!' --verified --json >"$dir/user$i.json"
done
json() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2"; }

start_server "$dir"
rtmp=$(sed -n 's/.*onair ready.* rtmp=\([^ ]*\).*/\1/p' "$dir/serve.log")
[[ -n $rtmp ]] || { echo "no rtmp address in the server log" >&2; exit 1; }
idle=$(rss_mib "$SERVER_PID" VmRSS)
summary "idle RSS" "$idle MiB"

# live_count prints how many of the first N channels are live.
live_count() {
	local i c=0
	for ((i = 1; i <= $1; i++)); do
		curl -fsS "$SERVER_URL/api/v1/channels/ingest$i" | grep -q '"isLive":true' && c=$((c + 1))
	done
	echo "$c"
}

running=0
FFMPEG=()
for n in $INGESTS; do
	echo "== $n concurrent RTMP ingests"
	for ((i = running + 1; i <= n; i++)); do
		key=$(json streamKey "$dir/user$i.json")
		ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$sample" -c copy -f flv \
			"rtmp://$rtmp/live/$key" >"$dir/ffmpeg$i.log" 2>&1 &
		PIDS+=("$!")
		FFMPEG+=("$!")
	done
	running=$n
	for ((t = 0; t < 60; t++)); do
		[[ $(live_count "$n") == "$n" ]] && break
		sleep 1
	done
	live=$(live_count "$n")
	sleep "$SETTLE" # let every muxer reach steady state
	cpu0=$(cpu_ticks "$SERVER_PID")
	t0=$(date +%s.%N)
	sleep "$MEASURE"
	cpu1=$(cpu_ticks "$SERVER_PID")
	t1=$(date +%s.%N)
	cpu=$(awk -v c="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.1f", 100 * c / hz / (b - a) }')
	rss=$(rss_mib "$SERVER_PID" VmRSS)
	summary "$n ingests" "$live live; server CPU $cpu% of one core over ${MEASURE} s; RSS $rss MiB, peak $(rss_mib "$SERVER_PID" VmHWM) MiB"
done

echo "== LL-HLS viewers of one stream (channel ingest1; the other encoders are stopped)"
for pid in "${FFMPEG[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
playback=$(json playbackId "$dir/user1.json")
for v in $VIEWERS; do
	cpu0=$(cpu_ticks "$SERVER_PID")
	t0=$(date +%s.%N)
	out=$("$WORK/bin/hlsviewers" -url "$SERVER_URL/hls/$playback/index.m3u8" -viewers "$v" -duration 10s -warmup 3s -ramp 5s)
	cpu1=$(cpu_ticks "$SERVER_PID")
	t1=$(date +%s.%N)
	cpu=$(awk -v c="$((cpu1 - cpu0))" -v hz="$(getconf CLK_TCK)" -v a="$t0" -v b="$t1" \
		'BEGIN { printf "%.0f", 100 * c / hz / (b - a) }')
	echo "$out" | sed 's/^/    /'
	line=$(grep '^viewers=' <<<"$out")
	summary "$v viewers" "release p50 $(field release_p50_ms "$line") ms, p99 $(field release_p99_ms "$line") ms; part p50 $(field part_p50_ms "$line") ms, p99 $(field part_p99_ms "$line") ms; errors $(field errors "$line"); server CPU $cpu% of one core"
done
stop_server
