package rtctest

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/opus"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/vp9"
	"github.com/pion/ice/v4"
	"github.com/pion/rtp"
	"github.com/pion/rtp/codecs"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media/samplebuilder"
)

// PlayStats is what a player has received so far.
type PlayStats struct {
	VideoCodec string // "video/H264", ...
	AudioCodec string
	// VideoFrames counts reassembled frames; KeyFrames those that are
	// random access points (the first frame must be one).
	VideoFrames   int
	KeyFrames     int
	FirstIsKey    bool
	Width, Height int // from the H264 SPS
	AudioPackets  int
	// AudioDuration sums the Opus packets' durations.
	AudioDuration time.Duration
	// FirstVideo and FirstAudio are how long after the request the first
	// frame (and packet) arrived.
	FirstVideo, FirstAudio time.Duration
}

// Player is a WHEP session.
type Player struct {
	// Location is the session URL the server answered.
	Location string
	client   *http.Client
	pc       *webrtc.PeerConnection
	mux      ice.UDPMux
	start    time.Time

	connected chan struct{}
	ended     chan struct{}
	changed   chan struct{}
	wg        sync.WaitGroup

	mu    sync.Mutex
	stats PlayStats
	// aborted stops new track readers once Abort waits for the others
	// (a WaitGroup must not grow while it is waited on).
	aborted bool
}

// Play asks url (http://host/whep/<playbackId>) for the stream, receiving
// video and audio. It fails with an *HTTPError when the server refuses.
func Play(ctx context.Context, url string, client *http.Client) (*Player, error) {
	if client == nil {
		client = http.DefaultClient
	}
	mux, err := loopbackMux(url)
	if err != nil {
		return nil, err
	}
	webAPI, err := newAPI(mux)
	if err != nil {
		return nil, err
	}
	pc, err := webAPI.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	p := &Player{client: client, pc: pc, mux: mux, start: time.Now(), connected: make(chan struct{}), ended: make(chan struct{}),
		changed: make(chan struct{}, 1)}
	watch(pc, p.connected, p.ended)
	for _, k := range []webrtc.RTPCodecType{webrtc.RTPCodecTypeVideo, webrtc.RTPCodecTypeAudio} {
		if _, err := pc.AddTransceiverFromKind(k, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionRecvonly}); err != nil {
			p.Abort()
			return nil, err
		}
	}
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if !p.aborted {
			p.wg.Go(func() { p.read(tr) })
		}
	})
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if p.Location, err = signal(sctx, client, pc, url, ""); err != nil {
		p.Abort()
		return nil, err
	}
	return p, nil
}

func (p *Player) read(tr *webrtc.TrackRemote) {
	mime := tr.Codec().MimeType
	var dep rtp.Depacketizer
	switch strings.ToLower(mime) {
	case "video/h264":
		dep = &codecs.H264Packet{}
	case "video/vp9":
		dep = &codecs.VP9Packet{}
	case "video/av1":
		dep = &codecs.AV1Depacketizer{}
	case "audio/opus":
		dep = &codecs.OpusPacket{}
	default:
		return
	}
	video := tr.Kind() == webrtc.RTPCodecTypeVideo
	p.mu.Lock()
	if video {
		p.stats.VideoCodec = mime
	} else {
		p.stats.AudioCodec = mime
	}
	p.mu.Unlock()
	sb := samplebuilder.New(500, dep, tr.Codec().ClockRate, samplebuilder.WithMaxTimeDelay(500*time.Millisecond))
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return
		}
		sb.Push(pkt)
		for s := sb.Pop(); s != nil; s = sb.Pop() {
			p.sample(strings.ToLower(mime), s.Data)
		}
	}
}

func (p *Player) sample(mime string, data []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	since := time.Since(p.start)
	st := &p.stats
	switch mime {
	case "audio/opus":
		if st.AudioPackets == 0 {
			st.FirstAudio = since
		}
		st.AudioPackets++
		st.AudioDuration += time.Duration(opus.PacketDuration2(data)) * time.Second / 48000
	default:
		var key bool
		switch mime {
		case "video/h264":
			var au h264.AnnexB
			if au.Unmarshal(data) != nil {
				return
			}
			key = h264.IsRandomAccess(au)
			for _, n := range au {
				if h264.NALUType(n[0]&0x1f) == h264.NALUTypeSPS {
					var sps h264.SPS
					if sps.Unmarshal(n) == nil {
						st.Width, st.Height = sps.Width(), sps.Height()
					}
				}
			}
		case "video/vp9":
			key = vp9.IsRandomAccess(data)
		case "video/av1":
			var bs av1.Bitstream
			if bs.Unmarshal(data) != nil {
				return
			}
			key = av1.IsRandomAccess2(bs)
		}
		if st.VideoFrames == 0 {
			st.FirstVideo, st.FirstIsKey = since, key
		}
		st.VideoFrames++
		if key {
			st.KeyFrames++
		}
	}
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// Stats returns what has been received so far.
func (p *Player) Stats() PlayStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// WaitFor waits until cond holds for the received stats, the connection
// ends, or ctx ends; it returns the last stats and whether cond held.
func (p *Player) WaitFor(ctx context.Context, cond func(PlayStats) bool) (PlayStats, bool) {
	for {
		st := p.Stats()
		if cond(st) {
			return st, true
		}
		select {
		case <-p.changed:
		case <-p.ended:
			st := p.Stats()
			return st, cond(st)
		case <-ctx.Done():
			return st, false
		}
	}
}

// Connected is closed once the connection is up.
func (p *Player) Connected() <-chan struct{} { return p.connected }

// Ended is closed when the connection fails or is closed.
func (p *Player) Ended() <-chan struct{} { return p.ended }

// Close ends the session with DELETE, then closes the connection.
func (p *Player) Close(ctx context.Context) error {
	err := deleteSession(ctx, p.client, p.Location, "")
	p.Abort()
	return err
}

// Abort closes the connection without DELETE.
func (p *Player) Abort() {
	p.mu.Lock()
	p.aborted = true
	p.mu.Unlock()
	_ = p.pc.GracefulClose()
	p.wg.Wait()
	if p.mux != nil {
		_ = p.mux.Close()
	}
}

// Vanish silences the player at once, without DELETE or DTLS close
// (loopback servers only).
func (p *Player) Vanish() {
	if p.mux != nil {
		_ = p.mux.Close()
	}
}
