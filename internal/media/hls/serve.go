package hls

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Header values shared by every answer (net/http only reads them).
var (
	playlistType = []string{"application/vnd.apple.mpegurl"}
	noCache      = []string{"no-cache"}
)

// serveIndex answers the multivariant playlist for session.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request, m *muxer, session string) {
	var wt waiter
	defer wt.stop()
	for snap := m.edge.cur.Load(); snap != nil; snap = wt.wait(w, r, m, snap, waitLimit) {
		if snap.ended {
			writeError(w, http.StatusNotFound, errOffline)
			return
		}
		if snap.ready {
			writePlaylist(w, r, m.multivariant(r.Context(), snap), session)
			return
		}
	}
}

// serveMedia answers a media playlist, holding blocking reloads
// (_HLS_msn, _HLS_part) until a snapshot has what they ask for.
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request, m *muxer, name string, q query, session string) {
	msn, part, block, withPart, bad := q.blocking()
	if bad {
		writeError(w, http.StatusBadRequest, errBadRequest)
		return
	}
	delta := q.delta()
	if delta && !m.edge.wantDelta.Load() {
		m.edge.wantDelta.Store(true) // the watcher renders them from the next part on
	}
	var wt waiter
	defer wt.stop()
	limit := waitLimit
	for snap := m.edge.cur.Load(); snap != nil; snap = wt.wait(w, r, m, snap, limit) {
		if snap.ended {
			writeError(w, http.StatusNotFound, errOffline)
			return
		}
		if !snap.ready {
			continue
		}
		pl := snap.playlists[name]
		if pl == nil {
			s.passThrough(w, r, m, name) // gohlslib knows no such playlist either
			return
		}
		if block && pl.pos.outside(msn) {
			writeError(w, http.StatusBadRequest, errBadRequest)
			return
		}
		limit = pl.limit
		if block && !pl.pos.has(msn, part, withPart) {
			continue
		}
		switch {
		case !delta:
			writePlaylist(w, r, pl.full, session)
			return
		case pl.delta != nil:
			writePlaylist(w, r, pl.delta, session)
			return
		}
	}
}

// serveFile answers a part, segment or init file from the edge; a request
// for a preload hint waits for the part. Files the edge does not list (such
// as parts of older segments) are gohlslib's to answer.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, m *muxer, name string) {
	var wt waiter
	defer wt.stop()
	limit := waitLimit
	for snap := m.edge.cur.Load(); snap != nil; snap = wt.wait(w, r, m, snap, limit) {
		if snap.ended {
			writeError(w, http.StatusNotFound, errOffline)
			return
		}
		if !snap.ready {
			break
		}
		if f := snap.files[name]; f != nil {
			if !m.edge.fill(f) {
				break
			}
			h := w.Header()
			h["Content-Type"] = f.contentType
			h["Cache-Control"] = f.cacheControl
			h["Content-Length"] = f.length
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				_, _ = w.Write(f.body)
			}
			return
		}
		pl := snap.hinted(name)
		if pl == nil {
			break
		}
		limit = pl.limit
	}
	if r.Context().Err() == nil && !wt.answered {
		s.passThrough(w, r, m, name)
	}
}

// waiter waits for newer snapshots on behalf of one request, within the
// time limit given on its first wait.
type waiter struct {
	timer    *time.Timer
	answered bool // the request was answered (or abandoned) while waiting
}

// wait returns the snapshot after snap, or nil once the request has been
// answered: the client left, the stream ended, or the limit passed (503).
func (wt *waiter) wait(w http.ResponseWriter, r *http.Request, m *muxer, snap *snapshot, limit time.Duration) *snapshot {
	if wt.timer == nil {
		wt.timer = time.NewTimer(limit)
	}
	m.edge.waiting.Add(1)
	defer m.edge.waiting.Add(-1)
	select {
	case <-snap.next:
		return m.edge.cur.Load()
	case <-m.done:
		writeError(w, http.StatusNotFound, errOffline)
	case <-r.Context().Done():
	case <-wt.timer.C:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, errNotReady)
	}
	wt.answered = true
	return nil
}

func (wt *waiter) stop() {
	if wt.timer != nil {
		wt.timer.Stop()
	}
}

// bufs holds playlist buffers: a playlist is a few kilobytes, copied once
// per answer to insert the viewer's session.
var bufs = sync.Pool{New: func() any { b := make([]byte, 0, 8<<10); return &b }}

// writePlaylist answers p for session.
func writePlaylist(w http.ResponseWriter, r *http.Request, p *rendition, session string) {
	h := w.Header()
	h["Content-Type"] = playlistType
	h["Cache-Control"] = noCache
	h["Content-Length"] = []string{strconv.Itoa(p.size(session))}
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return
	}
	if session == "" {
		_, _ = w.Write(p.text)
		return
	}
	bp := bufs.Get().(*[]byte)
	b := p.appendTo((*bp)[:0], session)
	_, _ = w.Write(b)
	if cap(b) <= 64<<10 {
		*bp = b
		bufs.Put(bp)
	}
}
