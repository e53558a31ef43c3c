# Shared helpers of the bench scripts (sourced, not run): a work directory
# and process list cleaned up on exit, onair start/stop on 127.0.0.1:0, and
# readings of /proc.
# shellcheck shell=bash

WORK=$(mktemp -d -t onair-bench.XXXXXX)
PG_ADMIN=(psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
PIDS=()
PGDB=""
SERVER_PID=""
SERVER_URL=""

cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	if [[ -n $PGDB ]]; then
		PGCONNECT_TIMEOUT=5 "${PG_ADMIN[@]}" -c "drop database if exists $PGDB with (force)" || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM # so the EXIT trap runs on a signal too

summary() { printf '%-28s %s\n' "$1:" "$2"; }

# field NAME LINE prints the value of NAME=value in a key=value line.
field() {
	local kv
	for kv in $2; do
		if [[ $kv == "$1="* ]]; then
			echo "${kv#*=}"
			return
		fi
	done
	echo "?"
}

# verdict VALUE TARGET prints "meets" when VALUE <= TARGET.
verdict() {
	awk -v v="$1" -v t="$2" 'BEGIN { if (v + 0 <= t + 0) print "meets"; else print "MISSES" }'
}

# start_server DATADIR [serve flags...] starts onair serve and waits until it
# is ready; sets SERVER_PID and SERVER_URL.
start_server() {
	local dir=$1 i
	shift
	rm -f "$dir/ready"
	"$BIN" serve --data-dir "$dir" --http-addr 127.0.0.1:0 --rtmp-addr 127.0.0.1:0 --webrtc-udp-addr 127.0.0.1:0 \
		--stages-signal-addr 127.0.0.1:0 --stages-udp-port 0 --stages-tcp-port 0 --stages-node-ip 127.0.0.1 \
		--ready-file "$dir/ready" "$@" >"$dir/serve.log" 2>&1 &
	SERVER_PID=$!
	PIDS+=("$SERVER_PID")
	for ((i = 0; i < 300; i++)); do
		[[ -s $dir/ready ]] && break
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "onair serve exited during start-up; log:" >&2
			cat "$dir/serve.log" >&2
			exit 1
		fi
		sleep 0.05
	done
	[[ -s $dir/ready ]] || { echo "onair serve not ready after 15 s" >&2; exit 1; }
	SERVER_URL=$(<"$dir/ready")
	curl -fsS --max-time 5 "$SERVER_URL/healthz" >/dev/null
}

stop_server() {
	local pid keep=()
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	for pid in "${PIDS[@]}"; do [[ $pid == "$SERVER_PID" ]] || keep+=("$pid"); done
	PIDS=("${keep[@]}")
	SERVER_PID=""
}

# rss_mib PID FIELD prints VmRSS or VmHWM of PID in MiB.
rss_mib() {
	awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

# cpu_ticks PID prints the user+system CPU time of PID in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# cpu_pct TICKS0 TICKS1 T0 T1 [DECIMALS] prints the CPU time between two
# cpu_ticks readings taken at T0 and T1 (date +%s.%N) as a percentage of
# one core, with DECIMALS decimals (0).
cpu_pct() {
	awk -v c="$(($2 - $1))" -v hz="$(getconf CLK_TCK)" -v a="$3" -v b="$4" -v f="%.${5:-0}f" \
		'BEGIN { printf f, 100 * c / hz / (b - a) }'
}

