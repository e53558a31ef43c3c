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
# per ingest step, 20), SETTLE (seconds after the last encoder is live, 5),
# REFERENCE (set: the same steps again against MediaMTX, built by
# bench/mediamtx.sh, so the two are compared in the same run).
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/onair}
INGESTS=${INGESTS:-1 10 50}
VIEWERS=${VIEWERS:-100 500 2000}
MEASURE=${MEASURE:-20}
SETTLE=${SETTLE:-5}
REFERENCE=${REFERENCE:-}
source bench/lib.sh

if [[ ! -x $BIN ]]; then
	go build -tags noui -o "$BIN" ./cmd/onair
fi
go build -o "$WORK/bin/hlsviewers" ./bench/hlsviewers
if [[ -n $REFERENCE ]]; then
	REFERENCE_BIN=$(bench/mediamtx.sh "$WORK/mediamtx")
	MEDIAMTX_VERSION=$("$REFERENCE_BIN" --version 2>/dev/null || echo "?")
fi
echo "onair media bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), $(ffmpeg -version | head -n1 | awk '{print $1, $3}')"

# A 20 s 1280x720 30 fps stream at 3 Mbit/s CBR-ish with a 2 s GOP and AAC
# 128 kbit/s, played in a loop by every encoder (-c copy keeps ffmpeg cheap).
# With REFERENCE, both servers get it without B-frames: MediaMTX v1.15.3
# stops muxing HLS at every loop of a stream with B-frames ("DTS is greater
# than PTS").
sample="$WORK/sample-3m.flv"
bframes=()
[[ -n $REFERENCE ]] && bframes=(-bf 0)
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30" \
	-f lavfi -i "sine=frequency=440:sample_rate=48000" -t 20 -map 0:v -map 1:a \
	-c:v libx264 -preset veryfast -b:v 3M -maxrate 3M -bufsize 3M -g 60 -keyint_min 60 -sc_threshold 0 "${bframes[@]}" \
	-pix_fmt yuv420p -c:a aac -b:a 128k -ac 2 -f flv "$sample"
rate=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$sample")
summary "sample" "1280x720 30 fps, $((rate / 1000)) kbit/s total (video + audio)${bframes:+, no B-frames}"

max=0
for n in $INGESTS; do ((n > max)) && max=$n; done

# measure_ingests NAME runs the ingest steps against the server SERVER_PID;
# publish_url I prints encoder I's RTMP URL and live_count N how many of the
# first N encoders the server has live.
measure_ingests() {
	local name=$1 n i t live cpu0 cpu1 t0 t1 cpu rss running=0
	FFMPEG=()
	for n in $INGESTS; do
		echo "== $name: $n concurrent RTMP ingests"
		for ((i = running + 1; i <= n; i++)); do
			ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$sample" -c copy -f flv \
				"$(publish_url "$i")" >"$WORK/ffmpeg-$name-$i.log" 2>&1 &
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
		cpu=$(cpu_pct "$cpu0" "$cpu1" "$t0" "$t1" 1)
		rss=$(rss_mib "$SERVER_PID" VmRSS)
		summary "$name $n ingests" "$live live; server CPU $cpu% of one core over ${MEASURE} s; RSS $rss MiB, peak $(rss_mib "$SERVER_PID" VmHWM) MiB"
	done
}

# measure_viewers NAME URL runs the viewer steps against encoder 1's LL-HLS
# playlist URL (the other encoders are stopped first), then stops them all.
measure_viewers() {
	local name=$1 url=$2 pid v cpu0 cpu1 t0 t1 cpu out line
	echo "== $name: LL-HLS viewers of one stream (encoder 1; the other encoders are stopped)"
	for pid in "${FFMPEG[@]:1}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for v in $VIEWERS; do
		cpu0=$(cpu_ticks "$SERVER_PID")
		t0=$(date +%s.%N)
		out=$("$WORK/bin/hlsviewers" -url "$url" -viewers "$v" -duration 10s -warmup 3s -ramp 5s)
		cpu1=$(cpu_ticks "$SERVER_PID")
		t1=$(date +%s.%N)
		cpu=$(cpu_pct "$cpu0" "$cpu1" "$t0" "$t1")
		echo "$out" | sed 's/^/    /'
		line=$(grep '^viewers=' <<<"$out")
		summary "$name $v viewers" "release p50 $(field release_p50_ms "$line") ms, p99 $(field release_p99_ms "$line") ms; part p50 $(field part_p50_ms "$line") ms, p99 $(field part_p99_ms "$line") ms; errors $(field errors "$line"); server CPU $cpu% of one core"
	done
	for pid in "${FFMPEG[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
}

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
summary "idle RSS" "$(rss_mib "$SERVER_PID" VmRSS) MiB"

publish_url() { echo "rtmp://$rtmp/live/$(json streamKey "$dir/user$1.json")"; }
live_count() {
	local i c=0
	for ((i = 1; i <= $1; i++)); do
		curl -fsS "$SERVER_URL/api/v1/channels/ingest$i" | grep -q '"isLive":true' && c=$((c + 1))
	done
	echo "$c"
}
measure_ingests onair
measure_viewers onair "$SERVER_URL/hls/$(json playbackId "$dir/user1.json")/index.m3u8"
stop_server

[[ -n $REFERENCE ]] || exit 0

# The reference: MediaMTX, the well-known Go media server the targets are
# taken from, with LL-HLS always on (200 ms parts and 1 s segments, as
# onair) and RTSP, WebRTC and SRT off, on two free loopback ports.
read -r rtmp_port hls_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
cat >"$WORK/mediamtx.yml" <<EOF
logLevel: error
rtsp: no
webrtc: no
srt: no
rtmpAddress: 127.0.0.1:$rtmp_port
hlsAddress: 127.0.0.1:$hls_port
hlsAlwaysRemux: yes
hlsVariant: lowLatency
hlsSegmentDuration: 1s
hlsPartDuration: 200ms
paths:
  all_others:
EOF
"$REFERENCE_BIN" "$WORK/mediamtx.yml" >"$WORK/mediamtx.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
sleep 1
kill -0 "$SERVER_PID" 2>/dev/null || { echo "mediamtx exited; log:" >&2; cat "$WORK/mediamtx.log" >&2; exit 1; }
summary "reference" "MediaMTX $MEDIAMTX_VERSION, idle RSS $(rss_mib "$SERVER_PID" VmRSS) MiB"
hls="http://127.0.0.1:$hls_port"
publish_url() { echo "rtmp://127.0.0.1:$rtmp_port/live/s$1"; }
live_count() {
	local i c=0
	for ((i = 1; i <= $1; i++)); do
		curl -fsS -o /dev/null "$hls/live/s$i/index.m3u8" 2>/dev/null && c=$((c + 1))
	done
	echo "$c"
}
measure_ingests mediamtx
measure_viewers mediamtx "$hls/live/s1/index.m3u8"
stop_server
