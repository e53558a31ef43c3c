// Package whep plays live streams over WebRTC (WHEP): a viewer POSTs an SDP
// offer to /whep/<playbackId> and gets an answer and a session URL; DELETE
// on that URL ends the session. Every viewer is a reader of the live stream
// with its own bounded queue, starting at a key frame; H264, VP9 and AV1
// video go out as they came in, Opus audio too. AAC audio (RTMP) is
// transcoded to Opus by one ffmpeg process per stream, shared by its
// viewers, when ffmpeg is available; otherwise such streams play without
// sound over WebRTC (HLS keeps it).
package whep

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/rtc"
)

// Config tunes WHEP playback.
type Config struct {
	// Queue is each viewer's reader queue in units (stream.DefaultQueue).
	Queue int
	// MaxPeers bounds concurrent viewers on this node (1000).
	MaxPeers int
	// ConnectTimeout bounds how long an answered viewer may take to
	// connect (15s).
	ConnectTimeout time.Duration
	// FFmpeg is the ffmpeg executable that transcodes AAC to Opus; empty
	// (or not found) serves AAC streams without audio.
	FFmpeg string
}

// Lookup finds live streams; the media registry implements it.
type Lookup interface {
	ByPlaybackID(playbackID string) (*media.Live, error)
}

// KeyFrameRequester asks a stream's publisher for a key frame; WHIP ingest
// implements it (browsers send key frames only when asked), the app wires
// it. It is a request, not media: nothing flows back into the stream.
type KeyFrameRequester interface {
	RequestKeyFrame(media.ChannelID)
}

// Deps are the server's collaborators.
type Deps struct {
	Lookup Lookup
	// KeyFrames, when set, is asked for a key frame for each new viewer.
	KeyFrames KeyFrameRequester
	Transport *rtc.Transport
	Log       *slog.Logger
	// Now is the clock for session timings; defaults to time.Now.
	Now func() time.Time
}

// Server answers WHEP requests and owns the viewers' sessions.
type Server struct {
	cfg    Config
	lookup Lookup
	keys   KeyFrameRequester
	rtc    *rtc.Transport
	log    *slog.Logger
	now    func() time.Time

	ctx    context.Context
	cancel context.CancelFunc

	mu          sync.Mutex
	peers       map[string]*peer // by session id
	transcoders map[*media.Live]*transcoder
	bframes     map[*media.Live]bool // streams known to use B-frames (bframes.go)
	closed      bool
	wg          sync.WaitGroup
}

// New returns a server with no viewers.
func New(cfg Config, d Deps) *Server {
	if cfg.MaxPeers <= 0 {
		cfg.MaxPeers = 1000
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if cfg.FFmpeg != "" {
		path, err := exec.LookPath(cfg.FFmpeg)
		if err != nil {
			d.Log.Warn("ffmpeg not found: WHEP viewers of AAC streams get no audio", "ffmpeg", cfg.FFmpeg)
		}
		cfg.FFmpeg = path
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{cfg: cfg, lookup: d.Lookup, keys: d.KeyFrames, rtc: d.Transport, log: d.Log, now: d.Now, ctx: ctx, cancel: cancel,
		peers: make(map[string]*peer), transcoders: make(map[*media.Live]*transcoder), bframes: make(map[*media.Live]bool)}
}

// Close ends every session (and transcoder) and waits for them.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for _, t := range s.transcoders {
		t.stop()
	}
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// Viewers counts the connected WebRTC viewers of a stream.
func (s *Server) Viewers(playbackID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.peers {
		if p.live.PlaybackID == playbackID && p.connected.Load() {
			n++
		}
	}
	return n
}

// Errors answered as JSON.
var (
	errOffline        = api.ErrorDetail{Code: "ChannelNotBroadcasting", Message: "This channel is not live."}
	detailNotPlayable = api.ErrorDetail{Code: "StreamNotPlayableException", Message: "This stream's codecs cannot be played over WebRTC by this client; use HLS."}
	errFull           = api.ErrorDetail{Code: "ServiceUnavailableException", Message: "Too many WebRTC viewers on this server; use HLS."}
)

// ServeHTTP answers /whep/<playbackId> (POST) and
// /whep/<playbackId>/<sessionId> (DELETE, PATCH).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pid, sid, ok := splitPath(r.URL.Path)
	if !ok {
		rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
		return
	}
	switch {
	case sid == "" && r.Method == http.MethodPost:
		s.play(w, r, pid)
	case r.Method == http.MethodOptions:
		if sid == "" {
			rtc.WriteOptions(w, "POST, OPTIONS", true)
		} else {
			rtc.WriteOptions(w, "DELETE, PATCH, OPTIONS", false)
		}
	case sid != "" && r.Method == http.MethodDelete:
		s.stop(w, r, pid, sid)
	case sid != "" && r.Method == http.MethodPatch:
		if s.session(pid, sid) == nil {
			rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
			return
		}
		w.Header().Set("Allow", "DELETE, OPTIONS")
		rtc.WriteError(w, http.StatusMethodNotAllowed, api.ErrorDetail{Code: "MethodNotAllowedException",
			Message: "Trickle ICE and ICE restarts are not supported; the answer carries every candidate."})
	default:
		if sid == "" {
			w.Header().Set("Allow", "POST, OPTIONS")
		} else {
			w.Header().Set("Allow", "DELETE, OPTIONS")
		}
		rtc.WriteError(w, http.StatusMethodNotAllowed, rtc.DetailMethod)
	}
}

func (s *Server) session(pid, sid string) *peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.peers[sid]; p != nil && p.live.PlaybackID == pid {
		return p
	}
	return nil
}

// play answers a viewer's offer.
func (s *Server) play(w http.ResponseWriter, r *http.Request, pid string) {
	desc, offer, err := rtc.ReadOffer(w, r)
	if err != nil {
		rtc.OfferError(w, err)
		return
	}
	l, err := s.lookup.ByPlaybackID(pid)
	if err != nil {
		rtc.WriteError(w, http.StatusNotFound, errOffline)
		return
	}
	s.mu.Lock()
	full := len(s.peers) >= s.cfg.MaxPeers
	bframes := s.hasBFrames(l)
	s.mu.Unlock()
	if bframes {
		rtc.WriteError(w, http.StatusUnprocessableEntity, detailBFrames)
		return
	}
	if full {
		w.Header().Set("Retry-After", "10")
		rtc.WriteError(w, http.StatusServiceUnavailable, errFull)
		return
	}
	p, err := s.newPeer(l, desc)
	if errors.Is(err, errNotPlayable) {
		rtc.WriteError(w, http.StatusUnprocessableEntity, detailNotPlayable)
		return
	}
	if errors.Is(err, stream.ErrClosed) {
		rtc.WriteError(w, http.StatusNotFound, errOffline)
		return
	}
	if err != nil {
		s.log.Error("whep session failed", "err", err, "request_id", w.Header().Get("X-Request-Id"))
		rtc.WriteError(w, http.StatusInternalServerError, rtc.DetailInternal)
		return
	}
	answer, err := rtc.Answer(r.Context(), p.pc, offer, p.addTracks)
	if err != nil {
		p.teardown()
		if !rtc.OfferError(w, err) {
			s.log.Error("whep negotiation failed", "err", err, "request_id", w.Header().Get("X-Request-Id"))
			rtc.WriteError(w, http.StatusInternalServerError, rtc.DetailInternal)
		}
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		p.teardown()
		rtc.WriteError(w, http.StatusServiceUnavailable, rtc.DetailUnavailable)
		return
	}
	s.peers[p.id] = p
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		p.run()
		s.mu.Lock()
		delete(s.peers, p.id)
		s.mu.Unlock()
	}()
	p.log.Debug("whep viewer connecting", "video", p.videoCodec, "audio", p.audioCodec)
	rtc.WriteAnswer(w, "/whep/"+pid+"/"+p.id, rtc.NewID()[:16], answer)
}

// stop ends a viewer's session.
func (s *Server) stop(w http.ResponseWriter, r *http.Request, pid, sid string) {
	p := s.session(pid, sid)
	if p == nil {
		rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
		return
	}
	p.end(nil)
	select {
	case <-p.done:
	case <-r.Context().Done():
		return
	}
	w.WriteHeader(http.StatusOK)
}

// acquireTranscoder returns the stream's AAC-to-Opus transcoder, starting
// it for the first viewer; nil when transcoding is off or fails.
func (s *Server) acquireTranscoder(l *media.Live, src *stream.Track) *transcoder {
	if s.cfg.FFmpeg == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	if t := s.transcoders[l]; t != nil {
		t.users++
		return t
	}
	t, err := newTranscoder(s.cfg.FFmpeg, l, src, s.cfg.Queue, s.log.With("channel_id", l.ChannelID))
	if err != nil {
		s.log.Warn("aac to opus transcoder not started", "channel_id", l.ChannelID, "err", err)
		return nil
	}
	t.users = 1
	s.transcoders[l] = t
	s.wg.Go(func() {
		t.run()
		s.mu.Lock()
		if s.transcoders[l] == t {
			delete(s.transcoders, l)
		}
		s.mu.Unlock()
	})
	return t
}

// releaseTranscoder stops a transcoder when its last viewer leaves.
func (s *Server) releaseTranscoder(t *transcoder) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.users--
	if t.users > 0 {
		return
	}
	if s.transcoders[t.live] == t {
		delete(s.transcoders, t.live)
	}
	t.stop()
}

// splitPath takes "/whep/<playbackId>[/<sessionId>]" apart.
func splitPath(path string) (pid, sid string, ok bool) {
	rest, found := strings.CutPrefix(path, "/whep/")
	if !found {
		return "", "", false
	}
	pid, sid, _ = strings.Cut(rest, "/")
	if !token(pid, 64) || (sid != "" && !rtc.IsID(sid)) {
		return "", "", false
	}
	return pid, sid, true
}

func token(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// newAPI builds a per-viewer pion API whose codecs are exactly the ones
// chosen for this viewer (with the viewer's payload types), so negotiation
// cannot pick another.
func (s *Server) newAPI(video, audio *webrtc.RTPCodecParameters) (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	if video != nil {
		if err := me.RegisterCodec(*video, webrtc.RTPCodecTypeVideo); err != nil {
			return nil, err
		}
	}
	if audio != nil {
		if err := me.RegisterCodec(*audio, webrtc.RTPCodecTypeAudio); err != nil {
			return nil, err
		}
	}
	return s.rtc.NewAPI(me)
}
