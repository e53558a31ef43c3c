package ratelimit

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(2)
	steps := []struct {
		at   time.Duration
		want bool
	}{{0, true}, {0, true}, {0, false}, {400 * time.Millisecond, false}, {500 * time.Millisecond, true}, {500 * time.Millisecond, false}, {3 * time.Second, true}, {3 * time.Second, true}, {3 * time.Second, false}}
	for i, s := range steps {
		if got := l.Allow("k", t0.Add(s.at)); got != s.want {
			t.Errorf("step %d at %s: allow = %v, want %v", i, s.at, got, s.want)
		}
	}
	if !l.Allow("other", t0) {
		t.Error("keys share a bucket")
	}
	if !New(0).Allow("k", t0) {
		t.Error("rate 0 should not limit")
	}
}
