package chat

import (
	"sync"
	"time"
)

// limiter is a token bucket per key: rate tokens a second, holding at most
// rate. It counts on this node only: behind several nodes a user (or a
// room) gets each node's allowance.
type limiter struct {
	rate float64 // tokens per second; <= 0 disables the limit

	mu      sync.Mutex
	buckets map[string]*bucket
	sweptAt time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(perSecond int) *limiter {
	return &limiter{rate: float64(perSecond), buckets: map[string]*bucket{}}
}

// allow takes a token for key if one is left.
func (l *limiter) allow(key string, now time.Time) bool {
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
