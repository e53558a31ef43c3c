package whip

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// Reasons a publication ends, as reported to the registry. A DELETE from
// the publisher is a normal end (nil).
var (
	errShutdown = errors.New("server shutting down")
	errLost     = errors.New("connection lost")
	errNoMedia  = errors.New("no media received")
)

// Start-up timing.
const (
	// readyWait is how long the stream waits, after its first track is
	// ready, for the other negotiated track before going live without it.
	readyWait = 3 * time.Second
	// syncWait is how long it waits, once every track is ready, for the
	// RTCP sender reports that align audio and video exactly; without
	// them tracks are aligned by the arrival of their first packets.
	syncWait = time.Second
	// maxPending bounds the units held before going live.
	maxPending = 1024
	// pliInterval spaces key-frame requests while one is awaited.
	pliInterval = 500 * time.Millisecond
	// joinKeyInterval spaces the key frames asked for joining viewers.
	joinKeyInterval = time.Second
	// keyLead is how much earlier than the key-frame interval the next
	// key frame is asked for: the tick, the request and the encoder take
	// about as long, so key frames (and HLS segments) come at the interval.
	keyLead = 100 * time.Millisecond
)

// session is one WHIP publication: its peer connection, its tracks and
// its place in the registry. Its goroutine (run) owns its end.
type session struct {
	id      string
	keyHash [sha256.Size]byte
	srv     *Server
	pub     *media.Publisher
	pc      *webrtc.PeerConnection
	log     *slog.Logger
	created time.Time
	encoder string
	want    int // negotiated audio/video tracks

	endOnce sync.Once
	ended   chan struct{}
	reason  error // written before ended is closed
	done    chan struct{}

	mu        sync.Mutex
	closing   bool
	tracks    []*track
	st        *stream.Stream
	pending   []frame
	readyAt   time.Time // when the first track became ready
	allReady  time.Time // when every track was
	wg        sync.WaitGroup
	startedAt time.Time
	joinKey   time.Time // last key frame asked for a joining viewer
}

// end asks the session to stop; the first reason wins.
func (s *session) end(reason error) {
	s.endOnce.Do(func() {
		s.reason = reason
		close(s.ended)
	})
}

// run waits for the publication to end, then tears it down.
func (s *session) run() {
	defer close(s.done)
	pubCtx := s.pub.Context()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var reason error
loop:
	for {
		select {
		case <-s.srv.ctx.Done():
			reason = errShutdown
			break loop
		case <-pubCtx.Done():
			reason = context.Cause(pubCtx)
			break loop
		case <-s.ended:
			reason = s.reason
			break loop
		case <-tick.C:
			s.tick(s.srv.now())
		}
	}
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	_ = s.pc.GracefulClose() // the track readers return
	s.wg.Wait()
	s.pub.Close(reason)
	why := "ended"
	if reason != nil {
		why = reason.Error()
	}
	s.mu.Lock()
	var lost uint64
	for _, t := range s.tracks {
		lost += t.lost
	}
	s.mu.Unlock()
	s.log.Info("whip publish ended", "reason", why, "frames_lost", lost)
}

// onTrack starts reading a track the publisher sends.
func (s *session) onTrack(tr *webrtc.TrackRemote, rcv *webrtc.RTPReceiver) {
	t, err := newTrack(tr)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return
	}
	if err != nil {
		s.log.Warn("whip track refused", "err", err)
		return
	}
	for _, o := range s.tracks {
		if o.video == t.video {
			s.log.Warn("whip track ignored: one video and one audio track are kept", "codec", t.mime)
			return
		}
	}
	s.tracks = append(s.tracks, t)
	if t.video {
		s.requestKey(t, s.srv.now())
	}
	s.wg.Add(2)
	go s.readRTP(t, tr)
	go s.readRTCP(t, rcv)
}

func (s *session) readRTP(t *track, tr *webrtc.TrackRemote) {
	defer s.wg.Done()
	defer s.recoverPanic()
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return
		}
		now := s.srv.now()
		s.mu.Lock()
		res := t.push(pkt, now)
		if res.needKey {
			s.requestKey(t, now)
		}
		for _, f := range res.frames {
			s.deliver(f, now)
		}
		s.mu.Unlock()
	}
}

func (s *session) readRTCP(t *track, rcv *webrtc.RTPReceiver) {
	defer s.wg.Done()
	for {
		pkts, _, err := rcv.ReadRTCP()
		if err != nil {
			return
		}
		for _, p := range pkts {
			if sr, ok := p.(*rtcp.SenderReport); ok && sr.SSRC == t.ssrc {
				s.mu.Lock()
				t.senderReport(sr.RTPTime, sr.NTPTime)
				s.mu.Unlock()
			}
		}
	}
}

// recoverPanic keeps a malformed bitstream from taking the process down:
// the publication ends instead.
func (s *session) recoverPanic() {
	if p := recover(); p != nil {
		s.log.Error("whip track panicked", "panic", p, "stack", string(debug.Stack()))
		s.end(errors.New("internal error"))
	}
}

// requestKey asks the publisher for a key frame (PLI), at most every
// pliInterval. Called with s.mu held.
func (s *session) requestKey(t *track, now time.Time) {
	if now.Sub(t.lastPLI) < pliInterval {
		return
	}
	t.lastPLI = now
	_ = s.pc.WriteRTCP([]rtcp.Packet{&rtcp.PictureLossIndication{MediaSSRC: t.ssrc}})
}

// viewerJoined asks for a key frame for a new viewer.
func (s *session) viewerJoined(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing || now.Sub(s.joinKey) < joinKeyInterval {
		return
	}
	s.joinKey = now
	for _, t := range s.tracks {
		if t.video {
			s.requestKey(t, now)
		}
	}
}

// tick runs the timers: the start deadline, going live on timeouts and
// key-frame requests.
func (s *session) tick(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		if now.Sub(s.created) > s.srv.cfg.StartTimeout {
			s.end(errNoMedia)
			return
		}
		s.maybeStart(now)
	}
	for _, t := range s.tracks {
		if !t.video {
			continue
		}
		due := s.srv.cfg.KeyFrameInterval - keyLead
		if t.waitKey || (!t.lastKey.IsZero() && now.Sub(t.lastKey) >= due && now.Sub(t.lastPLI) >= due) {
			// Browsers send key frames only when asked: ask, so segments
			// can be cut and viewers can join.
			s.requestKey(t, now)
		}
	}
}

// deliver hands a frame to the stream, or holds it until the stream
// starts. Called with s.mu held.
func (s *session) deliver(f frame, now time.Time) {
	if s.st != nil {
		if f.t.st != nil {
			s.st.Write(f.t.unit(f))
		}
		return
	}
	if len(s.pending) >= maxPending {
		s.pending = s.pending[1:]
	}
	s.pending = append(s.pending, f)
	s.maybeStart(now)
}

// maybeStart puts the stream on air once its tracks are ready (or waited
// for long enough). Called with s.mu held.
func (s *session) maybeStart(now time.Time) {
	if s.st != nil || s.closing {
		return
	}
	var ready []*track
	for _, t := range s.tracks {
		if t.ready {
			ready = append(ready, t)
		}
	}
	if len(ready) == 0 {
		return
	}
	if s.readyAt.IsZero() {
		s.readyAt = now
	}
	all := len(ready) == s.want
	if all && s.allReady.IsZero() {
		s.allReady = now
	}
	if !all && now.Sub(s.readyAt) < readyWait {
		return
	}
	reports := true
	for _, t := range ready {
		reports = reports && t.srKnown
	}
	if all && len(ready) > 1 && !reports && now.Sub(s.allReady) < syncWait {
		return
	}
	s.start(ready, reports && len(ready) > 1, now)
}

// start goes live with tracks, aligning their clocks. Called with s.mu held.
func (s *session) start(tracks []*track, bySenderReports bool, now time.Time) {
	// Video first, as the other ingests order tracks.
	slices.SortStableFunc(tracks, func(a, b *track) int {
		switch {
		case a.video == b.video:
			return 0
		case a.video:
			return -1
		}
		return 1
	})
	// Each track's first held frame, in wall-clock time: from the
	// sender's reports when every track has one, else from when the
	// track's first packet arrived.
	wall := func(t *track, ext int64) time.Time {
		if bySenderReports {
			return t.srNTP.Add(t.duration(ext - t.srExt))
		}
		return t.firstAt.Add(t.duration(ext - t.firstExt))
	}
	first := map[*track]int64{}
	for _, t := range tracks {
		first[t] = t.ext // in case its held frames were trimmed
	}
	seen := map[*track]bool{}
	for _, f := range s.pending {
		if !seen[f.t] {
			seen[f.t], first[f.t] = true, f.ext
		}
	}
	var t0 time.Time
	for _, t := range tracks {
		if w := wall(t, first[t]); t0.IsZero() || w.Before(t0) {
			t0 = w
		}
	}
	codecs := make([]stream.Codec, len(tracks))
	for i, t := range tracks {
		codecs[i] = t.codec
		// PTS(ext) = wall(ext) - t0 = duration(ext) + offset.
		t.offset = wall(t, first[t]).Sub(t0) - t.duration(first[t])
	}
	st, err := s.pub.Start(codecs, media.Metadata{Encoder: s.encoder})
	if err != nil {
		s.log.Warn("whip publish refused", "err", err)
		s.end(fmt.Errorf("go live: %w", err))
		return
	}
	s.st, s.startedAt = st, now
	for i, t := range tracks {
		t.st = st.Tracks()[i]
	}
	for _, f := range s.pending {
		if f.t.st != nil {
			st.Write(f.t.unit(f))
		}
	}
	s.pending = nil
	names := make([]string, len(tracks))
	for i, t := range tracks {
		names[i] = strings.TrimPrefix(strings.TrimPrefix(t.mime, "video/"), "audio/")
	}
	align := "arrival"
	if bySenderReports {
		align = "sender_reports"
	}
	s.log.Info("whip publish live", "codecs", names, "sync", align, "after_ms", now.Sub(s.created).Milliseconds())
}
