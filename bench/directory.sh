#!/usr/bin/env bash
# Directory and following query figures (issue 5): p50/p99/max of the public
# live directory (GET /api/v1/channels?isLive=true) and of a signed-in
# user's following list (GET /api/v1/channel/followingList) under open-loop
# load, with 10,000 channels of which 1,000 are live and a user following
# 500 of them, on SQLite and on PostgreSQL. See docs/benchmarks.md. Both
# answers are cached for a second (channel.ListCacheTTL) and one user makes
# every request, so the load measures the cached path plus one query per
# list a second; the queries' own cost is in the doc.
#
#   bench/directory.sh                                   # full run, about 2.5 minutes
#   DATABASES=sqlite DURATION=3s WARMUP=1s bench/directory.sh   # quick run
#   EXTRA_SQL='CREATE INDEX ...' bench/directory.sh     # try a candidate index
#
# Knobs (environment): BIN (default: built from this tree into a temp dir),
# DATABASES ("sqlite postgres"), RATE (req/s, 1000), DURATION (measured,
# 20s), WARMUP (3s), WORKERS (loadgen concurrency, 64), CHANNELS (10000),
# LIVE (1000), FOLLOWS (500), FOLLOWED_LIVE (live ones among the follows,
# 40: under the list's 50 so its live and offline queries both run),
# EXTRA_SQL (statements run on the seeded database before the server
# starts). The data is written by bench/directoryseed (live = an open,
# started stream session written straight into the store; see its comment).
# PostgreSQL runs in a scratch database on postgres@127.0.0.1:5432, created
# here and dropped on exit. Everything listens on 127.0.0.1; every process
# started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-}
DATABASES=${DATABASES:-sqlite postgres}
RATE=${RATE:-1000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
WORKERS=${WORKERS:-64}
CHANNELS=${CHANNELS:-10000}
LIVE=${LIVE:-1000}
FOLLOWS=${FOLLOWS:-500}
FOLLOWED_LIVE=${FOLLOWED_LIVE:-40}
EXTRA_SQL=${EXTRA_SQL:-}
BENCH_USER=benchuser
BENCH_PASSWORD='Passw0rd!'
source bench/lib.sh

if [[ -z $BIN ]]; then
	BIN="$WORK/bin/onair"
	go build -tags noui -o "$BIN" ./cmd/onair
fi
for tool in loadgen directoryseed; do
	go build -o "$WORK/bin/$tool" "./bench/$tool"
done
echo "onair directory bench $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $(go version | awk '{print $3}'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "data: $CHANNELS channels, $LIVE live; $BENCH_USER follows $FOLLOWS ($FOLLOWED_LIVE live)${EXTRA_SQL:+; extra SQL: $EXTRA_SQL}"

# signin prints the session token of BENCH_USER on the current server.
signin() {
	curl -fsS --max-time 10 -D - -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" "$SERVER_URL/api/v1/auth/signin" |
		sed -n 's/^[Ss]et-[Cc]ookie: onair_session=\([^;]*\);.*/\1/p'
}

# check PATH WANT_CARDS WANT_LIVE [curl args] fails unless PATH lists the
# expected cards, so a wrong seed cannot pass as a fast query.
check() {
	local body cards live
	body=$(curl -fsS --max-time 10 "${@:4}" "$SERVER_URL$1")
	cards=$(grep -o '"username":' <<<"$body" | wc -l)
	live=$(grep -o '"isLive":true' <<<"$body" | wc -l)
	if ((cards != $2 || live != $3)); then
		echo "$1 lists $cards channels ($live live), want $2 ($3 live)" >&2
		exit 1
	fi
}

# load DB LABEL PATH TARGET_MS [loadgen args] runs the open-loop load on PATH
# and prints its summary line.
load() {
	local out line cpu0 cpu1 t0 t1 cpu p99
	cpu0=$(cpu_ticks "$SERVER_PID")
	t0=$(date +%s.%N)
	out=$("$WORK/bin/loadgen" -url "$SERVER_URL" -path "$3" -rate "$RATE" -duration "$DURATION" \
		-warmup "$WARMUP" -workers "$WORKERS" "${@:5}")
	t1=$(date +%s.%N)
	cpu1=$(cpu_ticks "$SERVER_PID")
	cpu=$(cpu_pct "$cpu0" "$cpu1" "$t0" "$t1")
	echo "$out" | sed 's/^/    /'
	line=$(grep '^count=' <<<"$out")
	p99=$(field p99_ms "$line")
	summary "$2 ($1)" "$(field count "$line") req at $(field achieved "$line") (offered $RATE/s, $DURATION after $WARMUP), errors $(field errors "$line"): p50 $(field p50_ms "$line") ms, p99 $p99 ms, max $(field max_ms "$line") ms; server CPU $cpu% of one core; target p99 <= $4 ms: $(verdict "$p99" "$4")"
}

for db in $DATABASES; do
	dir="$WORK/$db"
	mkdir -p "$dir"
	dbflag=()
	target=10
	if [[ $db == postgres ]]; then
		if ! PGCONNECT_TIMEOUT=3 "${PG_ADMIN[@]}" -c 'select 1' >/dev/null 2>&1; then
			summary "postgres" "skipped: psql cannot reach postgres@127.0.0.1:5432"
			continue
		fi
		PGDB="onair_dirbench_$$"
		"${PG_ADMIN[@]}" -c "create database $PGDB"
		dbflag=(--database-url "postgres://postgres@127.0.0.1:5432/$PGDB?sslmode=disable")
		target=15
	fi
	echo "== $db"
	"$BIN" user create --data-dir "$dir" "${dbflag[@]}" --username "$BENCH_USER" --email bench@example.com \
		--password "$BENCH_PASSWORD" --verified --json >"$dir/user.json"
	seedflags=(-data-dir "$dir" -follower "$BENCH_USER" -channels "$CHANNELS" -live "$LIVE"
		-follows "$FOLLOWS" -followed-live "$FOLLOWED_LIVE")
	[[ $db == postgres ]] && seedflags+=(-database-url "${dbflag[1]}")
	[[ -n $EXTRA_SQL ]] && seedflags+=(-exec "$EXTRA_SQL")
	timeout 300 "$WORK/bin/directoryseed" "${seedflags[@]}" | sed 's/^/    /'
	start_server "$dir" "${dbflag[@]}"
	token=$(signin)
	[[ -n $token ]] || { echo "sign-in as $BENCH_USER failed" >&2; exit 1; }
	cookie=(-header "Cookie: onair_session=$token")
	live_cards=$((LIVE < 50 ? LIVE : 50))
	check "/api/v1/channels?isLive=true" "$live_cards" "$live_cards"
	following_live=$((FOLLOWED_LIVE < 50 ? FOLLOWED_LIVE : 50))
	check "/api/v1/channel/followingList" "$((FOLLOWS < 50 ? FOLLOWS : 50))" "$following_live" -H "Cookie: onair_session=$token"
	load "$db" "directory" "/api/v1/channels?isLive=true" "$target"
	load "$db" "following list" "/api/v1/channel/followingList" "$target" "${cookie[@]}"
	stop_server
	if [[ $db == postgres ]]; then
		"${PG_ADMIN[@]}" -c "drop database $PGDB with (force)"
		PGDB=""
	fi
done
