package hls

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"
)

// edge keeps the live edge of one gohlslib muxer in memory so viewers are
// answered without it. gohlslib renders a playlist per request, under the
// lock its publisher needs too, and holds blocking requests on goroutines
// that ignore the client; with thousands of viewers that is thousands of
// renderings per part. Instead one goroutine (watch) follows the stream
// with a blocking playlist request of its own, renders each playlist once
// per part with a session placeholder and publishes an immutable snapshot.
// Requests read the newest snapshot without locking and wait for the next
// one on its channel. Files (parts, segments, init) are copied out of
// gohlslib once, parts and init as soon as they are listed, segments on
// first request, and dropped with the first snapshot that no longer lists
// them, so memory is bounded by the playlist window.
//
// The watcher starts on the first request for the stream (start) and ends
// when the muxer closes (stop).
type edge struct {
	src     http.Handler // the gohlslib muxer
	log     *slog.Logger
	closing chan struct{} // closed when the muxer starts closing
	closed  sync.Once

	cur       atomic.Pointer[snapshot]
	started   atomic.Bool  // the watcher was started (set under mu)
	wantDelta atomic.Bool  // a viewer asked for a Playlist Delta Update
	waiting   atomic.Int64 // requests waiting for a newer snapshot

	mu      sync.Mutex // serialises start, stop and publish
	stopped bool
	wg      sync.WaitGroup
}

// snapshot is the edge at one moment. Once published it never changes,
// but for its files being filled on first use.
type snapshot struct {
	ready     bool // the stream has content; false before the first rendering
	ended     bool
	index     *rendition                // the multivariant playlist
	playlists map[string]*mediaPlaylist // by file name, e.g. video1_stream.m3u8
	files     map[string]*file          // every file the playlists list
	next      chan struct{}             // closed when a newer snapshot is published
}

// mediaPlaylist is one media playlist of a snapshot.
type mediaPlaylist struct {
	full  *rendition
	delta *rendition // the Playlist Delta Update, once a viewer asked for one
	pos   position
	hint  string        // the EXT-X-PRELOAD-HINT file
	limit time.Duration // how long a blocking request may wait
}

// file is a part, segment or init file, filled on first use.
type file struct {
	name    string
	prefill bool // a part or init file: filled as soon as it is listed
	once    sync.Once
	ok      bool
	body    []byte
	// header values, shared by every answer
	contentType, cacheControl, length []string
}

func newEdge(src http.Handler, log *slog.Logger) *edge {
	e := &edge{src: src, log: log, closing: make(chan struct{})}
	e.cur.Store(&snapshot{next: make(chan struct{})})
	return e
}

// start runs the watcher unless it runs already or the edge was stopped.
func (e *edge) start() {
	if e.started.Load() {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.started.Load() || e.stopped {
		return
	}
	e.started.Store(true)
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		e.watch()
	}()
}

// close tells the watcher the muxer is closing: the errors gohlslib answers
// from now on are the end of the stream.
func (e *edge) close() { e.closed.Do(func() { close(e.closing) }) }

// stop waits for the watcher (the muxer has been closed, which releases
// its blocking request) and ends the edge; waiting requests answer 404.
func (e *edge) stop() {
	e.halt()
	e.wg.Wait()
	e.end()
}

// abandon ends the edge without waiting for the watcher, which may be
// stuck in a muxer that panicked.
func (e *edge) abandon() {
	e.halt()
	e.end()
}

// halt keeps the watcher from starting and tells it to stop.
func (e *edge) halt() {
	e.close()
	e.mu.Lock()
	e.stopped = true
	e.mu.Unlock()
}

// end publishes the final snapshot.
func (e *edge) end() {
	done := make(chan struct{})
	close(done)
	e.publish(&snapshot{ended: true, next: done})
}

// publish makes s the newest snapshot and wakes everyone waiting on the
// previous one; it does nothing once the edge has ended.
func (e *edge) publish(s *snapshot) {
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.cur.Load()
	if old.ended {
		return
	}
	e.cur.Store(s)
	close(old.next)
}

// retryDelay spaces the watcher's attempts after gohlslib answered an
// error while the muxer is not closing (it should not happen).
const retryDelay = 200 * time.Millisecond

// watch follows the stream until the muxer closes.
func (e *edge) watch() {
	defer e.end()
	var (
		names  []string // media playlists, the leading one (variant) first
		prev   *snapshot
		resync = true // ask without blocking, after a start or an error
		warned bool
	)
	for {
		var err error
		if names == nil {
			names, err = e.playlistNames() // blocks until the stream has content
		}
		if err == nil {
			var s *snapshot
			if s, err = e.step(names, prev, resync); err == nil {
				e.publish(s)
				prev, resync = s, false
				continue
			}
		}
		select {
		case <-e.closing:
			return
		default:
		}
		if !warned {
			warned = true
			e.log.Warn("hls edge: muxer answered an error (further ones are not logged)", "err", err)
		}
		resync = true
		select {
		case <-e.closing:
			return
		case <-time.After(retryDelay):
		}
	}
}

// playlistNames reads the media playlists from the multivariant playlist.
func (e *edge) playlistNames() ([]string, error) {
	body, _, err := e.get("index.m3u8", "")
	if err != nil {
		return nil, err
	}
	pl, err := playlist.Unmarshal(body)
	if err != nil {
		return nil, fmt.Errorf("multivariant playlist: %w", err)
	}
	mv, ok := pl.(*playlist.Multivariant)
	if !ok || len(mv.Variants) == 0 {
		return nil, errors.New("multivariant playlist without variants")
	}
	names := []string{fileName(mv.Variants[0].URI)}
	for _, r := range mv.Renditions {
		if r.URI != nil {
			if n := fileName(*r.URI); n != names[0] {
				names = append(names, n)
			}
		}
	}
	return names, nil
}

// step renders the next snapshot: the leading playlist once its next part
// exists (at once if resync), then the others, which gohlslib cuts at the
// same time, and the multivariant playlist when a segment was added (its
// bandwidth figures change).
func (e *edge) step(names []string, prev *snapshot, resync bool) (*snapshot, error) {
	q := ""
	if !resync {
		p := prev.playlists[names[0]].pos
		q = "_HLS_msn=" + strconv.FormatUint(p.next(), 10) + "&_HLS_part=" + strconv.FormatUint(p.parts, 10)
	}
	s := &snapshot{ready: true, playlists: make(map[string]*mediaPlaylist, len(names)),
		files: make(map[string]*file), next: make(chan struct{})}
	var old map[string]*file
	if prev != nil {
		old = prev.files
	}
	for i, name := range names {
		if i > 0 {
			q = ""
		}
		body, _, err := e.get(name, q)
		if err != nil {
			return nil, err
		}
		pl, err := s.addPlaylist(body, old)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if e.wantDelta.Load() {
			if body, _, err = e.get(name, "_HLS_skip=YES"); err != nil {
				return nil, err
			}
			pl.delta = newRendition(body)
		}
		s.playlists[name] = pl
	}
	if prev != nil && prev.index != nil &&
		prev.playlists[names[0]].pos.next() == s.playlists[names[0]].pos.next() {
		s.index = prev.index
	} else {
		body, _, err := e.get("index.m3u8", "")
		if err != nil {
			return nil, err
		}
		s.index = newRendition(body)
	}
	for name, f := range s.files {
		if f.prefill && old[name] == nil {
			e.fill(f) // a new part or init file: every viewer is about to ask
		}
	}
	return s, nil
}

// addPlaylist parses a media playlist rendering and adds the files it
// lists, reusing those of old.
func (s *snapshot) addPlaylist(body []byte, old map[string]*file) (*mediaPlaylist, error) {
	var m playlist.Media
	if err := m.Unmarshal(body); err != nil {
		return nil, err
	}
	if m.MediaSequence < 0 {
		return nil, errors.New("negative media sequence")
	}
	pl := &mediaPlaylist{
		full:  newRendition(body),
		pos:   position{seq: uint64(m.MediaSequence), segments: uint64(len(m.Segments)), parts: uint64(len(m.Parts))},
		limit: blockLimit(m.TargetDuration),
	}
	if n := len(m.Segments); n > 0 {
		pl.pos.lastParts = uint64(len(m.Segments[n-1].Parts))
	}
	if m.PreloadHint != nil {
		pl.hint = fileName(m.PreloadHint.URI)
	}
	add := func(uri string, prefill bool) {
		name := fileName(uri)
		if f := old[name]; f != nil {
			s.files[name] = f
		} else if s.files[name] == nil {
			s.files[name] = &file{name: name, prefill: prefill}
		}
	}
	if m.Map != nil {
		add(m.Map.URI, true)
	}
	for _, seg := range m.Segments {
		if !seg.Gap {
			add(seg.URI, false)
		}
		for _, p := range seg.Parts {
			add(p.URI, true)
		}
	}
	for _, p := range m.Parts {
		add(p.URI, true)
	}
	return pl, nil
}

// hinted returns the playlist whose preload hint is name, if any.
func (s *snapshot) hinted(name string) *mediaPlaylist {
	for _, pl := range s.playlists {
		if pl.hint == name {
			return pl
		}
	}
	return nil
}

// fill copies f out of gohlslib on first use and reports whether it exists.
func (e *edge) fill(f *file) bool {
	f.once.Do(func() {
		body, h, err := e.get(f.name, "")
		if err != nil {
			return
		}
		if cap(body) > len(body)+len(body)/8 {
			body = bytes.Clone(body)
		}
		f.body = body
		f.contentType = []string{h.Get("Content-Type")}
		f.cacheControl = []string{h.Get("Cache-Control")}
		f.length = []string{strconv.Itoa(len(body))}
		f.ok = true
	})
	return f.ok
}

// get asks gohlslib for name as a viewer whose session id is sessionMark.
func (e *edge) get(name, query string) ([]byte, http.Header, error) {
	raw := sessionParam + "=" + sessionMark
	if query != "" {
		raw = query + "&" + raw
	}
	rec := &recorder{header: make(http.Header)}
	e.src.ServeHTTP(rec, &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/" + name, RawQuery: raw},
		Header: make(http.Header)})
	if rec.status != http.StatusOK {
		return nil, nil, fmt.Errorf("%s?%s: status %d", name, query, rec.status)
	}
	return rec.body.Bytes(), rec.header, nil
}

// fileName is the file a playlist URI names, without its query.
func fileName(uri string) string {
	name, _, _ := strings.Cut(uri, "?")
	return name
}
