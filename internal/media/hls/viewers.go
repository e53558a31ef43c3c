package hls

import (
	"sync"
	"time"
)

const (
	// viewWindow is how recently a session must have fetched something to
	// count as watching.
	viewWindow = 10 * time.Second
	// maxSessions bounds the memory one stream's counter may use; past it,
	// new sessions are not counted until old ones expire.
	maxSessions = 100_000
)

// viewers counts distinct playback sessions per stream over a sliding window.
type viewers struct {
	mu      sync.Mutex
	streams map[string]*sessions
}

type sessions struct {
	lastSeen map[string]time.Time
	pruned   time.Time
}

func (v *viewers) seen(playbackID, key string, now time.Time) {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := v.streams[playbackID]
	if s == nil {
		s = &sessions{lastSeen: make(map[string]time.Time), pruned: now}
		v.streams[playbackID] = s
	}
	if since := now.Sub(s.pruned); since >= viewWindow || (len(s.lastSeen) >= maxSessions && since >= time.Second) {
		s.prune(now)
	}
	if _, ok := s.lastSeen[key]; ok || len(s.lastSeen) < maxSessions {
		s.lastSeen[key] = now
	}
}

func (v *viewers) count(playbackID string, now time.Time) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := v.streams[playbackID]
	if s == nil {
		return 0
	}
	s.prune(now)
	return len(s.lastSeen)
}

func (v *viewers) forget(playbackID string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.streams, playbackID)
}

func (s *sessions) prune(now time.Time) {
	for k, t := range s.lastSeen {
		if now.Sub(t) > viewWindow {
			delete(s.lastSeen, k)
		}
	}
	s.pruned = now
}
