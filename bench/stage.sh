#!/usr/bin/env bash
# Co-host session (stage) figures (issue 8): CPU and memory of onair with
# 12 publishers each sending 720p 30 fps H.264 (about 2.5 Mbit/s) and Opus
# and 50 spectators subscribing to every track, all Go LiveKit clients
# (bench/stageload) connected through Onair's /rtc proxy to the embedded
# LiveKit node; then, optionally, the co-host one-way latency measured in
# Chromium (bench/stagelatency). See docs/benchmarks.md.
#
#   bench/stage.sh                                   # 12 publishers, 50 spectators, about 1.5 minutes
#   SPECTATORS="0 10 25 50" bench/stage.sh           # find the largest size this machine holds
#   SPECTATORS=5 MEASURE=10s LATENCY=0 bench/stage.sh  # quick run, no browser
#
# Knobs (environment): BIN (default: built from this tree into a temp dir),
# PUBLISHERS (12: the host and 11 invited users; 13 shows the seat cap),
# SPECTATORS ("50"; several sizes may be listed, each gets a fresh server),
# MEASURE (measured window, 20s), WARMUP (after every spectator joined, 5s),
# RAMP (time over which spectators connect, 5s), VIDEO_KBPS (target bit
# rate of the 720p clip, 2500), LATENCY (1: also run the browser probe,
# 0: skip it), SAMPLES (latency samples, 300), CHROMIUM_PATH
# (/usr/bin/chromium), PLAYWRIGHT_DIR (a directory whose node_modules has
# playwright-core; default e2e), LOGS (a directory to keep each step's
# onair log in; default: deleted with the rest).
# The clip (20 s, testsrc2, x264 baseline, no B-frames, 2 s GOP) and a 48
# kbit/s Opus tone are made once per run with ffmpeg and looped by every
# publisher. Everything listens on 127.0.0.1 (the LiveKit node announces
# 127.0.0.1 only); every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-}
PUBLISHERS=${PUBLISHERS:-12}
SPECTATORS=${SPECTATORS:-50}
MEASURE=${MEASURE:-20s}
WARMUP=${WARMUP:-5s}
RAMP=${RAMP:-5s}
VIDEO_KBPS=${VIDEO_KBPS:-2500}
LATENCY=${LATENCY:-1}
SAMPLES=${SAMPLES:-300}
LOGS=${LOGS:-}
source bench/lib.sh

if [[ -z $BIN ]]; then
	BIN="$WORK/bin/onair"
	go build -tags noui -o "$BIN" ./cmd/onair
fi
go build -o "$WORK/bin/stageload" ./bench/stageload
echo "onair stage bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), $(ffmpeg -version | head -n1 | awk '{print $1, $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"

ffmpeg -hide_banner -nostdin -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -t 20 \
	-c:v libx264 -profile:v baseline -preset veryfast -bf 0 -g 60 -x264-params slices=1 -pix_fmt yuv420p \
	-b:v "${VIDEO_KBPS}k" -maxrate "${VIDEO_KBPS}k" -bufsize "${VIDEO_KBPS}k" -f h264 "$WORK/video.h264"
ffmpeg -hide_banner -nostdin -loglevel error -f lavfi -i sine=frequency=440:sample_rate=48000 -t 20 \
	-c:a libopus -b:a 48k -frame_duration 20 "$WORK/audio.ogg"

users=()
for ((i = 1; i <= PUBLISHERS; i++)); do users+=("$(printf 'pub%02d' "$i")"); done
user_list=$(
	IFS=,
	echo "${users[*]}"
)

# keep_log NAME copies the server log of the step to $LOGS.
keep_log() {
	[[ -z $LOGS ]] || { mkdir -p "$LOGS" && cp "$dir/serve.log" "$LOGS/$1.log"; }
}

# make_users DIR creates the publishers (verified) in DIR's database.
make_users() {
	local u
	for u in "${users[@]}"; do
		"$BIN" user create --data-dir "$1" --username "$u" --email "$u@example.com" \
			--password 'Passw0rd!' --verified --json >/dev/null
	done
}

for n in $SPECTATORS; do
	dir="$WORK/stage$n"
	mkdir -p "$dir"
	make_users "$dir"
	start_server "$dir"
	idle=$(rss_mib "$SERVER_PID" VmRSS)
	echo "== $PUBLISHERS publishers, $n spectators (load $(cut -d' ' -f1-3 /proc/loadavg))"
	out=$(timeout 5m "$WORK/bin/stageload" -url "$SERVER_URL" -users "$user_list" -password 'Passw0rd!' \
		-video "$WORK/video.h264" -audio "$WORK/audio.ogg" -spectators "$n" -duration "$MEASURE" \
		-warmup "$WARMUP" -ramp "$RAMP" -server-pid "$SERVER_PID")
	echo "$out" | sed 's/^/    /'
	pub=$(grep '^publishers=' <<<"$out")
	line=$(grep '^spectators=' <<<"$out")
	res=$(grep '^window_s=' <<<"$out")
	summary "$n spectators" "$(field publishers "$pub") publishers sending $(field sent_mbps "$pub") Mbit/s; spectators $(field connected "$line")/$n with $(field tracks_min "$line")/$(field tracks_want "$line") tracks, received min $(field recv_mbps_min "$line") / p50 $(field recv_mbps_p50 "$line") Mbit/s each (ratio min $(field recv_ratio_min "$line")), lost $(field lost_pct "$line")% (UDP receive-buffer drops $(field udp_rcvbuf_drops "$line")), starved video tracks $(field starved_video_tracks "$line"); server CPU $(field server_cpu_pct "$res")% of one core, RSS $(field server_rss_mib "$res") MiB (HWM $(field server_hwm_mib "$res"), idle $idle); clients CPU $(field gen_cpu_pct "$res")%"
	stop_server
	keep_log "stage$n"
done

[[ $LATENCY == 1 ]] || exit 0
dir="$WORK/latency"
mkdir -p "$dir"
users=(pub01 pub02)
make_users "$dir"
start_server "$dir"
echo "== browser latency (load $(cut -d' ' -f1-3 /proc/loadavg))"
out=$(timeout 3m node bench/stagelatency/stagelatency.mjs "$SERVER_URL" pub01 pub02 'Passw0rd!' "$SAMPLES")
echo "$out" | sed 's/^/    /'
line=$(grep '^codec=' <<<"$out")
p50=$(field p50_ms "$line")
summary "co-host latency" "$(field samples "$line") frames ($(field codec "$line"), $(field layers "$line")): p50 $p50 ms, p90 $(field p90_ms "$line") ms, max $(field max_ms "$line") ms; target (p50 <= 150 ms) $(verdict "$p50" 150)"
stop_server
keep_log latency
