#!/usr/bin/env bash
# Builds MediaMTX, the well-known Go media server the media targets are
# taken from, as the reference bench/media.sh measures beside onair
# (REFERENCE=1), and prints the binary's path.
#
#   bench/mediamtx.sh DIR      # builds DIR/mediamtx
#
# The source comes from the Go module proxy (the version below serves; some
# others are refused). Its release build generates two files the module
# does not hold, the web player script and VERSION; the player is not used
# by the benchmark, so a placeholder stands in for it.
set -euo pipefail
VERSION=v1.15.3
dir=${1:?usage: bench/mediamtx.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [[ -x $dir/mediamtx ]]; then
	echo "$dir/mediamtx"
	exit 0
fi
src=$(cd "$dir" && GOFLAGS=-mod=mod go mod download -json "github.com/bluenviron/mediamtx@$VERSION" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $src ]] || { echo "mediamtx $VERSION: not downloaded" >&2; exit 1; }
rm -rf "$dir/src"
cp -r "$src" "$dir/src"
chmod -R u+w "$dir/src"
echo "// not used by the benchmark" >"$dir/src/internal/servers/hls/hls.min.js"
echo "$VERSION" >"$dir/src/internal/core/VERSION"
(cd "$dir/src" && go build -o "$dir/mediamtx" .) >&2
echo "$dir/mediamtx"
