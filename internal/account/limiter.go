package account

import (
	"sync"
	"time"
)

// Limiter counts failures per key in a sliding window. The in-memory one
// serves a single node; a shared one can be swapped in behind the interface.
type Limiter interface {
	// Blocked reports whether key has reached its limit.
	Blocked(key string, now time.Time) bool
	// Fail records a failure for key.
	Fail(key string, now time.Time)
	// Reset forgets key's failures (after a success).
	Reset(key string)
}

// MemoryLimiter allows Max failures per key within Window.
type MemoryLimiter struct {
	Max    int
	Window time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time
	sweptAt  time.Time
}

// NewMemoryLimiter returns a limiter allowing max failures per window.
func NewMemoryLimiter(max int, window time.Duration) *MemoryLimiter {
	return &MemoryLimiter{Max: max, Window: window, failures: map[string][]time.Time{}}
}

func (l *MemoryLimiter) recent(key string, now time.Time) []time.Time {
	ts := l.failures[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.failures, key)
	} else {
		l.failures[key] = ts
	}
	return ts
}

func (l *MemoryLimiter) Blocked(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key, now)) >= l.Max
}

func (l *MemoryLimiter) Fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures[key] = append(l.recent(key, now), now)
	// Drop stale keys now and then so the map stays bounded by recent traffic.
	if now.Sub(l.sweptAt) > l.Window {
		for k := range l.failures {
			l.recent(k, now)
		}
		l.sweptAt = now
	}
}

func (l *MemoryLimiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}
