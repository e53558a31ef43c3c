package channel

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/onair/onair/internal/account"
)

// ListCacheTTL is how long an answer of the directory (Live) or of a
// user's following list (Following) is reused, with at most one query in
// flight for each. The directory is public and the same for every caller,
// so at any request rate it costs one query pair a second per node; a
// following list costs about one index search per followed channel
// (docs/benchmarks.md, issue 5), which a user reloading it, or many tabs
// polling it, repeats for nothing.
//
// Staleness: what this node changes shows at once. LiveChanged (after a
// stream or a stage starts or ends here) drops every answer, and a follow
// or unfollow drops the user's own list. What can lag by up to ListCacheTTL
// is what another node changes (a stream or stage there, the same user
// following from a second node) and the listed owners' new usernames,
// avatars and colours, or their account's deletion. The lists are a
// snapshot a viewer reloads, so a second is acceptable; the channel page
// and its live-status events, which must be exact, do not read them.
const ListCacheTTL = time.Second

const (
	// maxCachedLists bounds the cache: a following list is up to 50
	// cards, about 20 KiB. When full of unexpired answers, new ones are
	// served but not kept.
	maxCachedLists = 1024
	// listQueryTimeout bounds a shared query: it runs detached from the
	// request that started it, so that request going away does not fail
	// the others waiting for the same answer.
	listQueryTimeout = 10 * time.Second
)

// directoryKey is the cache key of the directory; following lists are
// keyed by their user.
const directoryKey = "live"

func followingKey(user account.UserID) string { return "following:" + string(user) }

// listCache holds card lists by key. Its zero value is empty and ready.
type listCache struct {
	group singleflight.Group

	mu sync.Mutex
	// seq counts invalidations. An answer is kept only if no invalidation
	// came while its query ran (one for another key just costs a miss),
	// and callers after an invalidation never share a query started before
	// it: the flight key includes seq.
	seq     uint64
	entries map[string]listEntry
}

type listEntry struct {
	cards   []Card
	expires time.Time
}

// get returns key's answer, from the cache or from load. The returned slice
// is shared: callers must not modify it.
func (c *listCache) get(ctx context.Context, now func() time.Time, key string, load func(context.Context) ([]Card, error)) ([]Card, error) {
	c.mu.Lock()
	seq := c.seq
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && now().Before(e.expires) {
		return e.cards, nil
	}
	res := c.group.DoChan(key+"@"+strconv.FormatUint(seq, 10), func() (any, error) {
		qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), listQueryTimeout)
		defer cancel()
		cards, err := load(qctx)
		if err != nil {
			return nil, err
		}
		c.put(now(), seq, key, cards)
		return cards, nil
	})
	select {
	case r := <-res:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.([]Card), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// put keeps cards as key's answer if nothing was invalidated since seq.
func (c *listCache) put(at time.Time, seq uint64, key string, cards []Card) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seq != seq {
		return
	}
	if c.entries == nil {
		c.entries = make(map[string]listEntry)
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= maxCachedLists {
		for k, e := range c.entries {
			if !at.Before(e.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedLists {
			return
		}
	}
	c.entries[key] = listEntry{cards: cards, expires: at.Add(ListCacheTTL)}
}

// invalidate drops key's answer.
func (c *listCache) invalidate(key string) {
	c.mu.Lock()
	c.seq++
	delete(c.entries, key)
	c.mu.Unlock()
}

// invalidateAll drops every answer.
func (c *listCache) invalidateAll() {
	c.mu.Lock()
	c.seq++
	clear(c.entries)
	c.mu.Unlock()
}
