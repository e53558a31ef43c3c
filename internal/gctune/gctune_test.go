package gctune

import (
	"context"
	"io"
	"log/slog"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

func TestPercent(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name           string
		live, headroom uint64
		want           int
	}{
		{"nothing live yet", 0, 128 * mib, 100},
		{"live heap smaller than the headroom", 40 * mib, 128 * mib, 100},
		{"live heap equal to the headroom", 128 * mib, 128 * mib, 100},
		{"twice the headroom", 256 * mib, 128 * mib, 50},
		{"rounded down to a multiple of 5", 530 * mib, 128 * mib, 20}, // 24.15
		{"never below 10", 4096 * mib, 128 * mib, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Percent(tt.live, tt.headroom); got != tt.want {
				t.Errorf("Percent(%d MiB, %d MiB) = %d, want %d", tt.live/mib, tt.headroom/mib, got, tt.want)
			}
		})
	}
}

func gcPercent() uint64 {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// TestRunFollowsTheLiveHeap holds 64 MiB live with 8 MiB of headroom
// asked: the collector goes to 10%, and back to what it was when Run ends.
func TestRunFollowsTheLiveHeap(t *testing.T) {
	before := gcPercent()
	live := make([]byte, 64<<20)
	for i := range live {
		live[i] = byte(i)
	}
	runtime.GC()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		run(ctx, 8<<20, 10*time.Millisecond, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for gcPercent() != 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	got := gcPercent()
	runtime.KeepAlive(live)
	cancel()
	<-done
	if got != 10 {
		t.Fatalf("GC percent with 64 MiB live and 8 MiB headroom = %d, want 10", got)
	}
	if after := gcPercent(); after != before {
		t.Errorf("GC percent after Run = %d, want it restored to %d", after, before)
	}
}
