// Package gctune bounds how far the heap may grow past its live data
// before the garbage collector runs.
//
// With Go's default (GOGC=100) the heap may reach twice its live data. A
// media server's live heap is mostly encoded media held for the playlists
// (about 16 s per stream), so at 50 streams the default doubles 0.5 GB
// into well over 1 GB of RSS. Lowering GOGC for every heap instead costs
// CPU where the live heap is small and the garbage is request-shaped (the
// LL-HLS edge at 2,000 viewers: +18 points of a core at GOGC=25). So the
// percentage follows the live heap: 100 while it is small, less as it
// grows, to keep the room for new allocations near a fixed size.
package gctune

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// DefaultHeadroom is the room above the live heap that Run aims for.
const DefaultHeadroom = 128 << 20

const (
	maxPercent = 100 // Go's default; never more
	minPercent = 10  // below this, collections run back to back
	step       = 5   // percentages are rounded down to a multiple of it
	interval   = 500 * time.Millisecond
	liveHeap   = "/gc/heap/live:bytes"
)

// Percent returns the GOGC that lets a heap with live bytes of live data
// grow by about headroom bytes before the next collection, within
// [minPercent, maxPercent] and rounded down to a multiple of step so that
// small changes of the live heap leave it as it is.
func Percent(live, headroom uint64) int {
	if live == 0 || headroom >= live {
		return maxPercent
	}
	p := int(headroom * 100 / live)
	p -= p % step
	return max(p, minPercent)
}

// Run sets the collector's percentage from the live heap every interval
// until ctx ends, then restores the percentage it found. Call it only when
// GOGC is not set: an operator's GOGC wins.
func Run(ctx context.Context, headroom uint64, log *slog.Logger) {
	run(ctx, headroom, interval, log)
}

func run(ctx context.Context, headroom uint64, every time.Duration, log *slog.Logger) {
	sample := []metrics.Sample{{Name: liveHeap}}
	current := maxPercent
	initial := debug.SetGCPercent(current)
	defer debug.SetGCPercent(initial)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return // not reported by this runtime: leave the default
		}
		live := sample[0].Value.Uint64()
		if p := Percent(live, headroom); p != current {
			// SetGCPercent stops the world briefly; rounding to step keeps
			// it to a few calls as streams come and go.
			debug.SetGCPercent(p)
			log.Debug("gc percent", "percent", p, "live_mib", live>>20)
			current = p
		}
	}
}
