package channel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeLoad answers a card list named after how many times it ran.
type fakeLoad struct {
	calls atomic.Int32
	// gate, when set, holds every load until closed; started then gets a
	// value as each load begins.
	gate    chan struct{}
	started chan struct{}
}

func gatedLoad() *fakeLoad {
	return &fakeLoad{gate: make(chan struct{}), started: make(chan struct{}, 16)}
}

func (f *fakeLoad) load(context.Context) ([]Card, error) {
	n := f.calls.Add(1)
	if f.gate != nil {
		f.started <- struct{}{}
		<-f.gate
	}
	return []Card{{Username: fmt.Sprint("answer", n)}}, nil
}

// read returns the name of the first card of key's answer.
func read(t *testing.T, ctx context.Context, c *listCache, clock func() time.Time, key string, f *fakeLoad) string {
	t.Helper()
	cards, err := c.get(ctx, clock, key, f.load)
	if err != nil {
		t.Fatal(err)
	}
	return cards[0].Username
}

func TestListCacheTTLAndInvalidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	var c listCache
	var f fakeLoad
	get := func(key string) string { t.Helper(); return read(t, ctx, &c, clock, key, &f) }

	steps := []struct {
		name string
		do   func()
		key  string
		want string
	}{
		{"first read loads", nil, "a", "answer1"},
		{"reused within the TTL", func() { now = now.Add(ListCacheTTL - time.Nanosecond) }, "a", "answer1"},
		{"another key loads", nil, "b", "answer2"},
		{"reloaded at the TTL", func() { now = now.Add(time.Nanosecond) }, "a", "answer3"},
		{"invalidating b keeps a", func() { c.invalidate("b") }, "a", "answer3"},
		{"b reloads", nil, "b", "answer4"},
		{"invalidating all drops a", c.invalidateAll, "a", "answer5"},
		{"and b", nil, "b", "answer6"},
	}
	for _, s := range steps {
		if s.do != nil {
			s.do()
		}
		if got := get(s.key); got != s.want {
			t.Errorf("%s: got %s, want %s", s.name, got, s.want)
		}
	}
}

// TestListCacheOneQuery: concurrent callers share one query; an
// invalidation while it runs keeps its answer out of the cache, and callers
// after the invalidation do not share it.
func TestListCacheOneQuery(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := func() time.Time { return time.Unix(1000, 0) }
	var c listCache
	f := gatedLoad()

	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Go(func() {
			cards, err := c.get(ctx, clock, "k", f.load)
			if err == nil {
				got[i] = cards[0].Username
			}
		})
	}
	<-f.started // a caller is in the query
	c.invalidate("k")
	after := make(chan string)
	go func() {
		cards, err := c.get(ctx, clock, "k", f.load)
		if err != nil {
			after <- err.Error()
			return
		}
		after <- cards[0].Username
	}()
	<-f.started // the caller after the invalidation queries again
	close(f.gate)
	wg.Wait()
	if a := <-after; a != "answer2" {
		t.Errorf("caller after the invalidation got %s, want answer2", a)
	}
	for i, g := range got {
		// Callers that arrived after the first query started may have
		// joined either; none queried on its own.
		if g != "answer1" && g != "answer2" {
			t.Errorf("caller %d got %q", i, g)
		}
	}
	if n := f.calls.Load(); n != 2 {
		t.Errorf("%d queries, want 2", n)
	}
	if g := read(t, ctx, &c, clock, "k", f); g != "answer2" {
		t.Errorf("cached = %s, want answer2 (answer1 predates the invalidation)", g)
	}
}

func TestListCacheCallerGivesUp(t *testing.T) {
	t.Parallel()
	clock := func() time.Time { return time.Unix(1000, 0) }
	var c listCache
	f := gatedLoad()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := c.get(ctx, clock, "k", f.load)
		done <- err
	}()
	<-f.started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v", err)
	}
	// The query it started still completes and serves the next caller.
	close(f.gate)
	if g := read(t, context.Background(), &c, clock, "k", f); g != "answer1" {
		t.Errorf("next caller got %s, want the detached query's answer1", g)
	}
}

func TestListCacheBounded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Unix(1000, 0)
	clock := func() time.Time { return now }
	var c listCache
	var f fakeLoad
	for i := range maxCachedLists + 1 {
		read(t, ctx, &c, clock, fmt.Sprint(i), &f)
	}
	if n := len(c.entries); n != maxCachedLists {
		t.Errorf("%d entries, want the cap %d", n, maxCachedLists)
	}
	now = now.Add(ListCacheTTL)
	read(t, ctx, &c, clock, "new", &f)
	if n := len(c.entries); n != 1 {
		t.Errorf("%d entries after the others expired, want 1", n)
	}
}
