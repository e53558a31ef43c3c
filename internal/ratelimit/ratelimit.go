// Package ratelimit holds the per-key token buckets that bound chat
// messages and stream actions on one node.
package ratelimit

import (
	"sync"
	"time"
)

// Keyed is a token bucket per key: rate tokens a second, holding at most
// rate. It counts on this node only: behind several nodes a key gets each
// node's allowance.
type Keyed struct {
	rate float64 // tokens per second; <= 0 disables the limit

	mu      sync.Mutex
	buckets map[string]*bucket
	sweptAt time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns a limiter of perSecond tokens a second per key; 0 or less
// disables it.
func New(perSecond int) *Keyed {
	return &Keyed{rate: float64(perSecond), buckets: map[string]*bucket{}}
}

// Allow takes a token for key if one is left.
func (l *Keyed) Allow(key string, now time.Time) bool {
	if l.rate <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: l.rate, at: now}
		l.buckets[key] = b
	}
	b.refill(l.rate, now)
	// Forget full buckets now and then so the map holds recent senders only.
	if now.Sub(l.sweptAt) > time.Minute {
		for k, other := range l.buckets {
			if other.refill(l.rate, now); other.tokens >= l.rate && other != b {
				delete(l.buckets, k)
			}
		}
		l.sweptAt = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(rate float64, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(rate, b.tokens+d.Seconds()*rate)
		b.at = now
	}
}
