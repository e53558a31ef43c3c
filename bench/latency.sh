#!/usr/bin/env bash
# Ingest-to-display latency of LL-HLS (and WHEP) in Debian Chromium; see
# docs/benchmarks.md, "Ingest-to-display latency".
#
#   bench/latency.sh                       # RTMP with AAC, 3 runs, then WHIP (LL-HLS and WHEP)
#   SOURCES=rtmp RUNS=5 bench/latency.sh   # RTMP only, 5 runs
#
# rtmp: ffmpeg publishes a live 640x360 30 fps test pattern with a 440 Hz AAC
# tone (1 s GOP) and the page plays it without publishing, sampling
# Date.now() - hls.playingDate (PROGRAM-DATE-TIME is stamped at ingest).
# Every run also lists its stalls ('waiting' events) with how much audio and
# video were buffered ahead at each, and hls.js's target latency at the end
# (it adds a second after a stall).
# whip: the page publishes its own clock over WHIP and reads it back from the
# frames it plays (glass to glass), over LL-HLS and over WHEP.
#
# Knobs (environment): BIN (default: built from this tree into a temp dir),
# SOURCES ("rtmp whip"), RUNS (page runs per source and mode, 3), SAMPLES
# (frames sampled per run after 5 s of playback, 300); DEBUG=1 and CATCHUP=0
# pass through to bench/latency/latency.mjs.
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-}
SOURCES=${SOURCES:-rtmp whip}
RUNS=${RUNS:-3}
SAMPLES=${SAMPLES:-300}
source bench/lib.sh

if [[ -z $BIN ]]; then
	BIN="$WORK/bin/onair"
	go build -tags noui -o "$BIN" ./cmd/onair
fi
echo "onair latency bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(/usr/bin/chromium --version 2>/dev/null), load $(cut -d' ' -f1-3 /proc/loadavg)"

dir="$WORK/latency"
mkdir -p "$dir"
"$BIN" user create --data-dir "$dir" --username latency --email lat@example.com \
	--password 'Passw0rd!' --verified --json >"$dir/user.json"
json() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$2"; }
key=$(json streamKey "$dir/user.json")
playback=$(json playbackId "$dir/user.json")
start_server "$dir"
rtmp=$(sed -n 's/.*onair ready.* rtmp=\([^ ]*\).*/\1/p' "$dir/serve.log")

# page MODE [EXTERNAL] runs the page once and prints its result line.
page() {
	EXTERNAL=${2:-0} node bench/latency/latency.mjs "$SERVER_URL" "$key" "$playback" "$1" "$SAMPLES"
}

for source in $SOURCES; do
	case $source in
	rtmp)
		ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=640x360:rate=30" \
			-f lavfi -i "sine=frequency=440:sample_rate=48000" -map 0:v -map 1:a \
			-c:v libx264 -preset ultrafast -tune zerolatency -g 30 -pix_fmt yuv420p -c:a aac \
			-f flv "rtmp://$rtmp/live/$key" &
		PIDS+=("$!")
		encoder=$!
		sleep 4
		for ((r = 1; r <= RUNS; r++)); do
			summary "rtmp+aac hls run $r" "$(page hls 1) (load $(cut -d' ' -f1 /proc/loadavg))"
		done
		kill -TERM "$encoder"
		wait "$encoder" 2>/dev/null || true
		sleep 2
		;;
	whip)
		for mode in hls whep; do
			for ((r = 1; r <= RUNS; r++)); do
				summary "whip $mode run $r" "$(page "$mode") (load $(cut -d' ' -f1 /proc/loadavg))"
			done
		done
		;;
	*) echo "unknown source $source" >&2; exit 2 ;;
	esac
done
