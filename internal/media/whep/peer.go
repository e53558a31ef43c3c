package whep

import (
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/sdp/v3"
	"github.com/pion/webrtc/v4"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/rtc"
)

// errNotPlayable: the viewer cannot take any of the stream's tracks.
var errNotPlayable = errors.New("no playable track")

// Reasons a session ends (for the logs).
var (
	errStreamEnded = errors.New("stream ended")
	errShutdown    = errors.New("server shutting down")
	errLost        = errors.New("connection lost")
	errTimeout     = errors.New("connect timeout")
)

// peer is one viewer: a peer connection fed by its own stream reader (and,
// for AAC sources, a reader of the stream's transcoded Opus).
type peer struct {
	id      string
	srv     *Server
	live    *media.Live
	pc      *webrtc.PeerConnection
	log     *slog.Logger
	created time.Time

	video, audio           *sender
	videoSrc, audioSrc     *stream.Track
	videoCodec, audioCodec string
	reader                 *stream.Reader // the live stream
	opus                   *stream.Reader // transcoded audio, or nil
	tc                     *transcoder

	connected   atomic.Bool
	connectedCh chan struct{}
	connOnce    sync.Once
	endOnce     sync.Once
	ended       chan struct{}
	reason      error
	done        chan struct{}
	wg          sync.WaitGroup
}

// newPeer chooses what the viewer gets, opens its readers and creates its
// peer connection; tracks are added during negotiation (addTracks).
func (s *Server) newPeer(l *media.Live, offer *sdp.SessionDescription) (*peer, error) {
	audioSecs, videoSecs := rtc.Media(offer)
	p := &peer{id: rtc.NewID(), srv: s, live: l, created: s.now(), connectedCh: make(chan struct{}),
		ended: make(chan struct{}), done: make(chan struct{})}
	p.log = s.log.With("channel_id", l.ChannelID, "session_id", p.id[:8])

	var vc, ac *webrtc.RTPCodecParameters
	var aacSrc *stream.Track
	for _, t := range l.Stream.Tracks() {
		switch c := t.Codec.(type) {
		case *stream.H264, *stream.VP9, *stream.AV1:
			if p.videoSrc != nil {
				continue
			}
			if c, ok := videoCodec(c, offered(videoSecs)); ok {
				p.videoSrc, vc = t, &c
			}
		case *stream.Opus:
			if p.audioSrc != nil || aacSrc != nil {
				continue
			}
			if c, ok := opusCodec(offered(audioSecs)); ok {
				p.audioSrc, ac = t, &c
			}
		case *stream.MPEG4Audio:
			if p.audioSrc != nil || aacSrc != nil || s.cfg.FFmpeg == "" {
				continue
			}
			if c, ok := opusCodec(offered(audioSecs)); ok {
				aacSrc, ac = t, &c
			}
		}
	}
	if vc == nil && ac == nil {
		return nil, errNotPlayable
	}
	webAPI, err := s.newAPI(vc, ac)
	if err != nil {
		return nil, err
	}
	if vc != nil {
		if p.video, err = newSender(*vc, true); err != nil {
			return nil, err
		}
		p.videoCodec = strings.TrimPrefix(vc.MimeType, "video/")
	}
	if ac != nil {
		if p.audio, err = newSender(*ac, false); err != nil {
			return nil, err
		}
		p.audioCodec = "opus"
	}
	// The reader starts now, so a key frame arriving while the viewer
	// connects is not missed.
	if p.reader, err = l.Stream.AddReader("whep", s.cfg.Queue); err != nil {
		return nil, err
	}
	if aacSrc != nil {
		if p.tc = s.acquireTranscoder(l, aacSrc); p.tc != nil {
			if p.opus, err = p.tc.out.AddReader("whep", s.cfg.Queue); err != nil {
				p.opus = nil
			}
		}
		if p.opus == nil { // no sound after all; the track stays silent
			p.audioCodec = "none"
		} else {
			p.audioCodec = "opus (from aac)"
		}
	}
	if p.pc, err = webAPI.NewPeerConnection(webrtc.Configuration{}); err != nil {
		p.teardown()
		return nil, fmt.Errorf("new peer connection: %w", err)
	}
	p.pc.OnConnectionStateChange(func(st webrtc.PeerConnectionState) {
		switch st {
		case webrtc.PeerConnectionStateConnected:
			p.connOnce.Do(func() {
				p.connected.Store(true)
				close(p.connectedCh)
			})
		case webrtc.PeerConnectionStateFailed, webrtc.PeerConnectionStateClosed:
			p.end(errLost)
		}
	})
	return p, nil
}

// addTracks attaches the senders to the viewer's offered sections.
func (p *peer) addTracks() error {
	for _, sd := range []*sender{p.video, p.audio} {
		if sd == nil {
			continue
		}
		rs, err := p.pc.AddTrack(sd.track)
		if err != nil {
			return fmt.Errorf("add track: %w", err)
		}
		sd.rtpSender = rs
		// RTCP from the viewer (NACKs, reports) is read so the
		// interceptors can answer it.
		p.wg.Go(func() {
			buf := make([]byte, 1500)
			for {
				if _, _, err := rs.Read(buf); err != nil {
					return
				}
			}
		})
	}
	return nil
}

func (p *peer) end(reason error) {
	p.endOnce.Do(func() {
		p.reason = reason
		close(p.ended)
	})
}

// run sends media once the viewer is connected, until the stream or the
// session ends.
func (p *peer) run() {
	defer close(p.done)
	defer p.teardown()
	timer := time.NewTimer(p.srv.cfg.ConnectTimeout)
	defer timer.Stop()
	select {
	case <-p.connectedCh:
		p.log.Debug("whep viewer connected", "after_ms", p.srv.now().Sub(p.created).Milliseconds())
		if p.srv.keys != nil && p.video != nil {
			p.srv.keys.RequestKeyFrame(p.live.ChannelID)
		}
	case <-p.ended:
		p.finish(p.reason)
		return
	case <-timer.C:
		p.finish(errTimeout)
		return
	case <-p.srv.ctx.Done():
		p.finish(errShutdown)
		return
	case <-p.live.Stream.Done():
		p.finish(errStreamEnded)
		return
	}
	p.finish(p.pump())
}

// pump copies units to the viewer.
func (p *peer) pump() (reason error) {
	defer func() {
		if v := recover(); v != nil {
			p.log.Error("whep session panicked", "panic", v, "stack", string(debug.Stack()))
			reason = errors.New("internal error")
		}
	}()
	var opus <-chan *stream.Unit
	if p.opus != nil {
		opus = p.opus.Units()
	}
	for {
		select {
		case u, ok := <-p.reader.Units():
			if !ok {
				return errStreamEnded
			}
			var sd *sender
			switch u.Track {
			case p.videoSrc:
				if reordered(u) {
					p.srv.sawBFrames(p.live)
					return errBFrames
				}
				sd = p.video
			case p.audioSrc:
				sd = p.audio
			}
			if sd != nil {
				if err := sd.write(u, p.srv.now()); err != nil {
					return errLost
				}
			}
		case u, ok := <-opus:
			if !ok {
				opus = nil // the transcoder stopped: video goes on alone
				continue
			}
			if err := p.audio.write(u, p.srv.now()); err != nil {
				return errLost
			}
		case <-p.ended:
			return p.reason
		case <-p.srv.ctx.Done():
			return errShutdown
		}
	}
}

func (p *peer) finish(reason error) {
	why := "ended"
	if reason != nil {
		why = reason.Error()
	}
	attrs := []any{"reason", why, "dropped_units", p.reader.Dropped()}
	if p.video != nil && !p.video.firstKey.IsZero() {
		attrs = append(attrs, "first_key_frame_ms", p.video.firstKey.Sub(p.created).Milliseconds())
	}
	p.log.Info("whep viewer left", attrs...)
}

// teardown releases the session's readers and connection; idempotent.
func (p *peer) teardown() {
	if p.reader != nil {
		p.reader.Close()
	}
	if p.opus != nil {
		p.opus.Close()
	}
	if p.tc != nil {
		p.srv.releaseTranscoder(p.tc)
		p.tc = nil
	}
	if p.pc != nil {
		_ = p.pc.GracefulClose()
	}
	p.wg.Wait()
}
