// Package hls serves live streams as Low-Latency HLS (fMP4 parts and
// segments, blocking playlist reloads, EXT-X-PROGRAM-DATE-TIME) under
// /hls/<playbackId>/index.m3u8. Every stream that goes live gets a muxer
// (it is a media.Output); the muxer is closed when the stream ends, after
// which its playback id answers 404. A stream's renditions (a STANDARD
// channel's ladder; it is a media.RenditionOutput) get muxers of their own,
// under /hls/<playbackId>/<rendition>/, listed as variants (variants.go).
package hls

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/media"
)

// Config tunes the muxers.
type Config struct {
	// PartDuration is the minimum LL-HLS part duration (200ms).
	PartDuration time.Duration
	// SegmentDuration is the minimum segment duration (1s); segments
	// start on key frames, so they last at least one GOP.
	SegmentDuration time.Duration
	// SegmentCount is how many segments a playlist keeps (at least 7).
	SegmentCount int
	// Queue is each muxer's reader queue in units (stream.DefaultQueue).
	Queue int
}

// Deps are the server's collaborators.
type Deps struct {
	Log *slog.Logger
	// Now is the clock for viewer counting; defaults to time.Now.
	Now func() time.Time
}

// Server holds one muxer per live stream and serves them over HTTP.
type Server struct {
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
	views viewers

	mu     sync.Mutex
	muxers map[string]*muxer // by playback id
	// rends are the renditions' muxers, which may outlive their stream's.
	rends  map[*muxer]struct{}
	closed bool
	wg     sync.WaitGroup
}

// New returns a server with no streams.
func New(cfg Config, d Deps) *Server {
	if cfg.PartDuration <= 0 {
		cfg.PartDuration = 200 * time.Millisecond
	}
	if cfg.SegmentDuration <= 0 {
		cfg.SegmentDuration = time.Second
	}
	if cfg.SegmentCount < 7 {
		cfg.SegmentCount = 7
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Server{cfg: cfg, log: d.Log, now: d.Now, muxers: make(map[string]*muxer), rends: make(map[*muxer]struct{}),
		views: viewers{streams: make(map[string]*sessions)}}
}

// Attach starts muxing a stream that just went live (media.Output).
func (s *Server) Attach(l *media.Live) {
	log := s.log.With("channel_id", l.ChannelID)
	rd, err := l.Stream.AddReader("hls", s.cfg.Queue)
	if err != nil {
		return // it has already ended
	}
	m, err := newMuxer(s.cfg, l, l.Stream, rd, log)
	if err != nil {
		rd.Close()
		log.Error("hls muxer not started", "err", err)
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		rd.Close()
		m.close()
		return
	}
	s.muxers[l.PlaybackID] = m
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		m.run()
		s.mu.Lock()
		if s.muxers[l.PlaybackID] == m {
			delete(s.muxers, l.PlaybackID)
			s.views.forget(l.PlaybackID)
		}
		s.mu.Unlock()
	}()
}

// Close stops every muxer and waits for them and for the requests they
// were answering. Streams that go live afterwards are not muxed.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for _, m := range s.muxers {
		m.reader.Close()
	}
	for m := range s.rends {
		m.reader.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// Viewers counts the distinct playback sessions of a stream seen in the
// last ten seconds.
func (s *Server) Viewers(playbackID string) int { return s.views.count(playbackID, s.now()) }

func (s *Server) lookup(playbackID string) *muxer {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.muxers[playbackID]
}

// Errors answered as JSON.
var (
	errOffline    = api.ErrorDetail{Code: "ChannelNotBroadcasting", Message: "This channel is not live."}
	errNoFile     = api.ErrorDetail{Code: "ResourceNotFoundException", Message: "This part of the stream is not available."}
	errBadRequest = api.ErrorDetail{Code: "InvalidParameterException", Message: "Invalid playlist request."}
	errMethod     = api.ErrorDetail{Code: "MethodNotAllowedException", Message: "Use GET."}
	errNotReady   = api.ErrorDetail{Code: "StreamNotReady", Message: "The stream is not ready yet."}
	errInternal   = api.ErrorDetail{Code: "UnexpectedException", Message: "An unexpected error occurred, please try again later."}
)

// sessionParam carries a playback session through every URL of a stream:
// the multivariant playlist is answered with a new session id, which every
// URI it lists carries on, and so on down to the parts.
const sessionParam = "session"

// ServeHTTP answers /hls/<playbackId>/<file> and, for a rendition,
// /hls/<playbackId>/<rendition>/<file>: playlists, parts and the init file
// from the stream's edge (edge.go), anything else through gohlslib.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pid, rend, file, ok := splitPath(r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, errNoFile)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, errMethod)
		return
	}
	m := s.lookup(pid)
	if m == nil || m.offline() {
		writeError(w, http.StatusNotFound, errOffline)
		return
	}
	if rend != "" {
		if m = m.ladder.named(rend); m == nil || m.offline() {
			writeError(w, http.StatusNotFound, errNoFile)
			return
		}
	}
	q := parseQuery(r.URL.RawQuery)
	session := validSession(q.session)
	if file == "index.m3u8" && session == "" {
		session = newSession()
	}
	s.views.seen(pid, viewerKey(session, r), s.now())
	m.edge.start()
	switch {
	case file == "index.m3u8":
		s.serveIndex(w, r, m, session)
	case strings.HasSuffix(file, "_stream.m3u8"):
		s.serveMedia(w, r, m, file, q, session)
	default:
		s.serveFile(w, r, m, file)
	}
}

// waitLimit bounds how long a request waits for media: the first playlist
// of a stream comes within a segment or two; blocking reloads have their
// own, shorter limit (blockLimit).
const waitLimit = 10 * time.Second

// passThrough has gohlslib answer r. gohlslib holds requests for a preload
// hint until the part exists, with no regard for the client: it answers
// into a buffer on a goroutine of its own (ended at the latest by the
// muxer's close), and this request waits for it only as long as the client
// and waitLimit allow.
func (s *Server) passThrough(w http.ResponseWriter, r *http.Request, m *muxer, file string) {
	rec := &recorder{header: make(http.Header)}
	done, ok := s.handle(m, rec, r)
	if !ok {
		writeError(w, http.StatusNotFound, errOffline)
		return
	}
	timer := time.NewTimer(waitLimit)
	defer timer.Stop()
	select {
	case <-done:
	case <-r.Context().Done():
		return
	case <-timer.C:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, errNotReady)
		return
	}
	switch {
	case rec.status != 0 && rec.status < 400:
		h := w.Header()
		for _, k := range []string{"Content-Type", "Cache-Control"} {
			h.Set(k, rec.header.Get(k))
		}
		if strings.HasSuffix(file, ".m3u8") {
			// gohlslib lets the multivariant playlist be cached for 30s; a
			// channel going offline and live again must be seen at once.
			h.Set("Cache-Control", "no-cache")
		}
		h.Set("Content-Length", strconv.Itoa(rec.body.Len()))
		w.WriteHeader(rec.status)
		_, _ = w.Write(rec.body.Bytes())
	case m.offline(): // the stream ended while the request waited
		writeError(w, http.StatusNotFound, errOffline)
	case rec.status == 0: // gohlslib knows no such file (e.g. an expired part)
		writeError(w, http.StatusNotFound, errNoFile)
	case rec.status == http.StatusBadRequest:
		writeError(w, http.StatusBadRequest, errBadRequest)
	default:
		s.log.Error("hls request failed", "path", r.URL.Path, "status", rec.status, "request_id", w.Header().Get("X-Request-Id"))
		writeError(w, http.StatusInternalServerError, errInternal)
	}
}

// handle runs the muxer's handler for r on a goroutine the server waits
// for on Close; ok is false once the server is closed.
func (s *Server) handle(m *muxer, rec *recorder, r *http.Request) (done chan struct{}, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	done = make(chan struct{})
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(done)
		m.hls.Handle(rec, r)
	}()
	return done, true
}

// splitPath takes "/hls/<playbackId>/<file>" or
// "/hls/<playbackId>/<rendition>/<file>" apart, accepting only the
// characters playback ids, rendition names and gohlslib file names use.
func splitPath(path string) (pid, rendition, file string, ok bool) {
	rest, found := strings.CutPrefix(path, "/hls/")
	if !found {
		return "", "", "", false
	}
	pid, file, found = strings.Cut(rest, "/")
	if !found || !token(pid, 64) {
		return "", "", "", false
	}
	if dir, name, nested := strings.Cut(file, "/"); nested {
		if !token(dir, 16) || !token(name, 128) {
			return "", "", "", false
		}
		return pid, dir, name, true
	}
	if !token(file, 128) {
		return "", "", "", false
	}
	return pid, "", file, true
}

func token(s string, max int) bool {
	if s == "" || len(s) > max || s[0] == '.' {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// newSession returns a new playback session id.
func newSession() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// viewerKey identifies a viewer: its session id, or else its address and
// user agent.
func viewerKey(session string, r *http.Request) string {
	if session != "" {
		return "s:" + session
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	ua := r.UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	return "a:" + host + "|" + ua
}

// recorder captures gohlslib's answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func writeError(w http.ResponseWriter, status int, d api.ErrorDetail) {
	d.RequestID = w.Header().Get("X-Request-Id")
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(api.ErrorBody{Error: d})
}
