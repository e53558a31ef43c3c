#!/usr/bin/env bash
# Measures Onair's headline figures on this machine; see docs/benchmarks.md.
#
#   bench/run.sh                      # full run, about 2 minutes
#   DURATION=3s WARMUP=1s bench/run.sh  # quick smoke run
#
# Knobs (environment): BIN (default bin/onair, built when missing), RATE
# (lookup req/s, 1000), DURATION (20s), WARMUP (3s), RUNS (cold starts, 10),
# SIGNINS (50), IDLE (seconds before reading idle RSS, 5).
# Everything listens on 127.0.0.1; every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/onair}
RATE=${RATE:-1000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
RUNS=${RUNS:-10}
SIGNINS=${SIGNINS:-50}
IDLE=${IDLE:-5}
BENCH_USER=benchuser
BENCH_PASSWORD='Passw0rd!'
source bench/lib.sh

# lookup LABEL runs the open-loop load against the current server's public
# channel lookup and prints its summary; the full report goes to $WORK.
lookup() {
	local out line cpu0 cpu1 t0 t1 cpu
	cpu0=$(cpu_ticks "$SERVER_PID")
	t0=$(date +%s.%N)
	out=$("$WORK/bin/loadgen" -url "$SERVER_URL" -path "/api/v1/channels/$BENCH_USER" \
		-rate "$RATE" -duration "$DURATION" -warmup "$WARMUP" -workers 64)
	t1=$(date +%s.%N)
	cpu1=$(cpu_ticks "$SERVER_PID")
	cpu=$(cpu_pct "$cpu0" "$cpu1" "$t0" "$t1")
	echo "$out" | sed 's/^/    /'
	line=$(grep '^count=' <<<"$out")
	LOOKUP_P99=$(field p99_ms "$line")
	summary "lookup ($1)" "$(field count "$line") req at $(field achieved "$line") (offered $RATE/s, $DURATION after $WARMUP warm-up), errors $(field errors "$line"): p50 $(field p50_ms "$line") ms, p99 $LOOKUP_P99 ms, max $(field max_ms "$line") ms; server CPU $cpu% of one core"
}

# --- build ---------------------------------------------------------------
if [[ ! -x $BIN ]]; then
	mkdir -p web/dist
	[[ -f web/dist/index.html ]] || echo '<!doctype html>' >web/dist/index.html
	go build -o "$BIN" ./cmd/onair
fi
for tool in loadgen coldstart signin; do
	go build -o "$WORK/bin/$tool" "./bench/$tool"
done
echo "onair bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), binary $BIN"

# --- (a) cold start to ready ----------------------------------------------
echo "== (a) cold start to ready: $RUNS runs, fresh SQLite data dir each"
out=$("$WORK/bin/coldstart" -bin "$BIN" -runs "$RUNS" -dir "$WORK/coldstart")
echo "$out" | sed 's/^/    /'
line=$(tail -n 1 <<<"$out")
med=$(field ready_file_median_ms "$line")
summary "cold start to ready" "median $med ms, max $(field ready_file_max_ms "$line") ms (ready file); /healthz 200 median $(field healthz_median_ms "$line") ms, max $(field healthz_max_ms "$line") ms; target <= 1000 ms: $(verdict "$med" 1000)"

# --- (b) idle RSS, (c) lookup on SQLite, (d) HTTP sign-ins ------------------
echo "== (b) idle RSS, (c) public channel lookup on SQLite, (d) sign-in over HTTP"
dir="$WORK/sqlite"
mkdir -p "$dir"
"$BIN" user create --data-dir "$dir" --username "$BENCH_USER" --email bench@example.com \
	--password "$BENCH_PASSWORD" --verified --json >"$dir/user.json"
start_server "$dir"
sleep "$IDLE" # settle, not readiness: the server is already ready
idle=$(rss_mib "$SERVER_PID" VmRSS)
summary "idle RSS" "$idle MiB after ready + ${IDLE} s idle (VmRSS); target <= 120 MB (114.4 MiB): $(verdict "$idle" 114.4)"
lookup sqlite
summary "lookup p99 verdict (sqlite)" "target <= 10 ms at 1,000 req/s: $(verdict "$LOOKUP_P99" 10)"
summary "RSS after lookup load" "$(rss_mib "$SERVER_PID" VmRSS) MiB (VmRSS), peak $(rss_mib "$SERVER_PID" VmHWM) MiB (VmHWM)"
out=$("$WORK/bin/signin" -url "$SERVER_URL" -username "$BENCH_USER" -password "$BENCH_PASSWORD" -n "$SIGNINS")
summary "sign-in over HTTP" "$SIGNINS sequential: p50 $(field p50_ms "$out") ms, p90 $(field p90_ms "$out") ms, max $(field max_ms "$out") ms"
stop_server

# --- (c) lookup on PostgreSQL ------------------------------------------------
echo "== (c) public channel lookup on PostgreSQL"
if PGCONNECT_TIMEOUT=3 "${PG_ADMIN[@]}" -c 'select 1' >/dev/null 2>&1; then
	PGDB="onair_bench_$$"
	"${PG_ADMIN[@]}" -c "create database $PGDB"
	dburl="postgres://postgres@127.0.0.1:5432/$PGDB?sslmode=disable"
	dir="$WORK/postgres"
	mkdir -p "$dir"
	"$BIN" user create --data-dir "$dir" --database-url "$dburl" --username "$BENCH_USER" \
		--email bench@example.com --password "$BENCH_PASSWORD" --verified --json >"$dir/user.json"
	start_server "$dir" --database-url "$dburl"
	lookup postgres
	stop_server
	"${PG_ADMIN[@]}" -c "drop database $PGDB with (force)"
	PGDB=""
else
	summary "lookup (postgres)" "skipped: psql cannot reach postgres@127.0.0.1:5432"
fi

# --- (d) password hash cost ----------------------------------------------------
echo "== (d) password hash cost: go test -run '^\$' -bench BenchmarkHasherVerify -benchtime 20x ./internal/account/"
out=$(go test -run '^$' -bench BenchmarkHasherVerify -benchtime 20x ./internal/account/)
echo "$out" | sed 's/^/    /'
nsop() { awk -v b="$1" '$1 ~ "^BenchmarkHasherVerify/" b "(-[0-9]+)?$" { printf "%.2f", $3 / 1e6 }' <<<"$out"; }
summary "hash verify" "production cost (19456 KiB, t=2, p=1) $(nsop default) ms/op; test cost (1024 KiB, t=1) $(nsop test) ms/op"
