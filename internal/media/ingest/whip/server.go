// Package whip is Onair's WebRTC ingest (WHIP, RFC 9725): a browser or an
// encoder such as OBS POSTs an SDP offer to /whip with its stream key as a
// bearer token, gets an answer and a session URL, and sends H264 (or VP9 or
// AV1) video and Opus audio over one ICE/UDP port shared by every peer. The
// publication is admitted through the media registry and written into a
// live stream like any other ingest; DELETE on the session URL ends it.
//
// The session URL is /whip/<id> with a random 128-bit id; ending it also
// takes the same bearer key, as RFC 9725 asks. Trickle ICE and ICE restarts
// are not offered (PATCH answers 405): the answer carries every candidate.
package whip

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/rtc"
)

// Config tunes WHIP ingest.
type Config struct {
	// StartTimeout bounds how long an answered publisher may take to
	// connect and send a first key frame. Defaults to 15s.
	StartTimeout time.Duration
	// KeyFrameInterval: when no key frame came for this long, one is
	// requested (browsers send them only when asked). Defaults to 1s, the
	// HLS segment target: segments are cut at key frames.
	KeyFrameInterval time.Duration
}

// Admitter is what the ingest needs from the media registry.
type Admitter interface {
	Admit(ctx context.Context, req media.AdmitRequest) (*media.Publisher, error)
}

// Deps are the server's collaborators.
type Deps struct {
	Admitter  Admitter
	Transport *rtc.Transport
	Log       *slog.Logger
	// Now stamps units with their time of receipt; defaults to time.Now.
	Now func() time.Time
}

// Server answers WHIP requests and owns the publications it admitted.
type Server struct {
	cfg   Config
	admit Admitter
	api   *webrtc.API
	log   *slog.Logger
	now   func() time.Time

	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	sessions map[string]*session
	closed   bool
	wg       sync.WaitGroup
}

// New returns a server; Close ends its publications.
func New(cfg Config, d Deps) (*Server, error) {
	if cfg.StartTimeout <= 0 {
		cfg.StartTimeout = 15 * time.Second
	}
	if cfg.KeyFrameInterval <= 0 {
		cfg.KeyFrameInterval = time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	me, err := newMediaEngine()
	if err != nil {
		return nil, err
	}
	webAPI, err := d.Transport.NewAPI(me)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Server{cfg: cfg, admit: d.Admitter, api: webAPI, log: d.Log, now: d.Now, ctx: ctx, cancel: cancel,
		sessions: make(map[string]*session)}, nil
}

// Close ends every publication and waits until they are torn down; later
// requests are refused.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
}

// Publishers counts the current WHIP sessions (live or connecting).
func (s *Server) Publishers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// RequestKeyFrame asks the channel's WHIP publisher, if any, for a key
// frame, so a viewer joining (WHEP) starts at once rather than at the next
// scheduled one. Requests are spaced at least a second apart per
// publisher; other ingests ignore them.
func (s *Server) RequestKeyFrame(id media.ChannelID) {
	s.mu.Lock()
	var target *session
	for _, sess := range s.sessions {
		if sess.pub.ChannelID() == id {
			target = sess
			break
		}
	}
	s.mu.Unlock()
	if target != nil {
		target.viewerJoined(s.now())
	}
}

// Errors answered as JSON.
var (
	errNoKey       = api.ErrorDetail{Code: "UnauthorizedException", Message: "Send your stream key as a bearer token (Authorization: Bearer <streamKey>)."}
	errBadKey      = api.ErrorDetail{Code: "UnauthorizedException", Message: "Invalid stream key."}
	errAlreadyLive = api.ErrorDetail{Code: "ChannelAlreadyLiveException", Message: "Your channel is already live"}
	errTracks      = api.ErrorDetail{Code: "InvalidParameterException", Message: "Send at most one video and one audio track."}
	errCodecs      = api.ErrorDetail{Code: "InvalidParameterException", Message: "Unsupported codecs: send H264, VP9 or AV1 video and Opus audio."}
	errNoTrickle   = api.ErrorDetail{Code: "MethodNotAllowedException", Message: "Trickle ICE and ICE restarts are not supported; the answer carries every candidate."}
)

// ServeHTTP answers /whip, /whip/<anything> (POST) and /whip/<id> (the
// session: DELETE, PATCH, OPTIONS).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	id, isResource := resourceID(r.URL.Path)
	if isResource && !s.exists(id) {
		isResource = false
	}
	switch r.Method {
	case http.MethodPost:
		s.publish(w, r)
	case http.MethodOptions:
		if isResource {
			rtc.WriteOptions(w, "DELETE, PATCH, OPTIONS", false)
		} else {
			rtc.WriteOptions(w, "POST, OPTIONS", true)
		}
	case http.MethodDelete:
		s.unpublish(w, r, id, isResource)
	case http.MethodPatch:
		if !isResource {
			rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
			return
		}
		w.Header().Set("Allow", "DELETE, OPTIONS")
		rtc.WriteError(w, http.StatusMethodNotAllowed, errNoTrickle)
	default:
		w.Header().Set("Allow", "POST, DELETE, OPTIONS")
		rtc.WriteError(w, http.StatusMethodNotAllowed, rtc.DetailMethod)
	}
}

func (s *Server) exists(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.sessions[id]
	return ok
}

// publish admits a publisher and answers its offer.
func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	if mt := r.Header.Get("Content-Type"); !isSDP(mt) {
		rtc.WriteError(w, http.StatusUnsupportedMediaType, rtc.DetailContentType)
		return
	}
	key, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="whip"`)
		rtc.WriteError(w, http.StatusUnauthorized, errNoKey)
		return
	}
	desc, offer, err := rtc.ReadOffer(w, r)
	if err != nil {
		rtc.OfferError(w, err)
		return
	}
	audio, video := rtc.Media(desc)
	if len(audio) > 1 || len(video) > 1 {
		rtc.WriteError(w, http.StatusBadRequest, errTracks)
		return
	}
	for _, m := range slices.Concat(audio, video) {
		if !acceptable(rtc.Codecs(m)) {
			rtc.WriteError(w, http.StatusBadRequest, errCodecs)
			return
		}
	}
	pub, err := s.admit.Admit(s.ctx, media.AdmitRequest{StreamKey: key, Protocol: "whip", RemoteAddr: r.RemoteAddr})
	switch {
	case errors.Is(err, media.ErrUnknownKey): // logged by the registry
		w.Header().Set("WWW-Authenticate", `Bearer realm="whip", error="invalid_token"`)
		rtc.WriteError(w, http.StatusUnauthorized, errBadKey)
		return
	case errors.Is(err, media.ErrAlreadyLive): // logged by the registry
		rtc.WriteError(w, http.StatusConflict, errAlreadyLive)
		return
	case err != nil:
		s.log.Error("whip admission failed", "err", err, "request_id", w.Header().Get("X-Request-Id"))
		rtc.WriteError(w, http.StatusInternalServerError, rtc.DetailInternal)
		return
	}
	sess := &session{id: rtc.NewID(), keyHash: sha256.Sum256([]byte(key)), srv: s, pub: pub, created: s.now(),
		encoder: truncate(r.UserAgent(), 100), want: len(audio) + len(video),
		ended: make(chan struct{}), done: make(chan struct{})}
	sess.log = s.log.With("channel_id", pub.ChannelID(), "session_id", sess.id[:8], "remote_addr", r.RemoteAddr)
	answer, err := s.negotiate(r.Context(), sess, offer)
	if err != nil {
		if sess.pc != nil {
			_ = sess.pc.GracefulClose()
		}
		pub.Close(err)
		if !rtc.OfferError(w, err) {
			sess.log.Error("whip negotiation failed", "err", err, "request_id", w.Header().Get("X-Request-Id"))
			rtc.WriteError(w, http.StatusInternalServerError, rtc.DetailInternal)
		}
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		_ = sess.pc.GracefulClose()
		pub.Close(errShutdown)
		rtc.WriteError(w, http.StatusServiceUnavailable, rtc.DetailUnavailable)
		return
	}
	s.sessions[sess.id] = sess
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		sess.run()
		s.mu.Lock()
		delete(s.sessions, sess.id)
		s.mu.Unlock()
	}()
	sess.log.Info("whip publisher connecting", "encoder", sess.encoder)
	rtc.WriteAnswer(w, "/whip/"+sess.id, rtc.NewID()[:16], answer)
}

// negotiate creates the session's peer connection and answers the offer,
// asking for H264 first.
func (s *Server) negotiate(ctx context.Context, sess *session, offer string) (string, error) {
	pc, err := s.api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return "", err
	}
	sess.pc = pc
	pc.OnTrack(sess.onTrack)
	pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed:
			sess.end(errLost)
		case webrtc.PeerConnectionStateConnected:
			sess.log.Debug("whip publisher connected", "after_ms", s.now().Sub(sess.created).Milliseconds())
		}
	})
	return rtc.Answer(ctx, pc, offer, func() error {
		for _, tr := range pc.GetTransceivers() {
			var keep []webrtc.RTPCodecParameters
			for _, c := range tr.Receiver().GetParameters().Codecs {
				if rank(c) >= 0 {
					keep = append(keep, c)
				}
			}
			if len(keep) == 0 {
				return rtc.ErrBadOffer
			}
			slices.SortStableFunc(keep, func(a, b webrtc.RTPCodecParameters) int { return rank(a) - rank(b) })
			if err := tr.SetCodecPreferences(keep); err != nil {
				return err
			}
		}
		return nil
	})
}

// unpublish ends a session for its publisher.
func (s *Server) unpublish(w http.ResponseWriter, r *http.Request, id string, isResource bool) {
	if !isResource {
		rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
		return
	}
	s.mu.Lock()
	sess := s.sessions[id]
	s.mu.Unlock()
	if sess == nil {
		rtc.WriteError(w, http.StatusNotFound, rtc.DetailNotFound)
		return
	}
	key, ok := bearer(r.Header.Get("Authorization"))
	if h := sha256.Sum256([]byte(key)); !ok || subtle.ConstantTimeCompare(h[:], sess.keyHash[:]) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="whip"`)
		rtc.WriteError(w, http.StatusUnauthorized, errBadKey)
		return
	}
	sess.end(nil)
	select {
	case <-sess.done:
	case <-r.Context().Done():
		return
	}
	w.WriteHeader(http.StatusOK)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
