package rtctest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/pion/ice/v4"
	"github.com/pion/rtcp"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/pion/webrtc/v4/pkg/media/h264reader"
	"github.com/pion/webrtc/v4/pkg/media/oggreader"
)

// PublishOptions describe a WHIP publication.
type PublishOptions struct {
	// URL is the WHIP endpoint, e.g. http://host/whip.
	URL string
	// Key is sent as the bearer token.
	Key string
	// H264 is an Annex-B file (one slice per frame) sent at FPS; empty
	// sends no video.
	H264 string
	FPS  int
	// Ogg is an Ogg Opus file with one packet per page; empty sends no
	// audio.
	Ogg string
	// Loop repeats the files until the publisher is closed.
	Loop bool
	// Muted negotiates the tracks but never sends media.
	Muted bool
	// Padding is how many padding-only packets follow each video frame,
	// as a browser's pacer sends them to probe the bandwidth.
	Padding int
	// LoseVideo, when above zero, loses the first transmission of every
	// LoseVideo-th video packet, so that it arrives only when resent on
	// the server's NACK (over RTX when negotiated).
	LoseVideo int
	// Client defaults to http.DefaultClient.
	Client *http.Client
}

// Publisher is a running WHIP publication.
type Publisher struct {
	// Location is the session URL the server answered.
	Location string
	opts     PublishOptions
	pc       *webrtc.PeerConnection
	mux      ice.UDPMux

	connected chan struct{}
	ended     chan struct{}
	stop      chan struct{}
	stopOnce  sync.Once
	wg        sync.WaitGroup

	// keyWanted is set by a PLI or FIR: like an encoder, the publisher then
	// sends a key frame next (the file's next one, at once).
	keyWanted   atomic.Bool
	keyRequests atomic.Int64
	loss        *lossFactory
}

// Publish offers the tracks, and once the connection is up sends the files
// in real time. It fails with an *HTTPError when the server refuses.
func Publish(ctx context.Context, opts PublishOptions) (*Publisher, error) {
	if opts.Client == nil {
		opts.Client = http.DefaultClient
	}
	if opts.FPS <= 0 {
		opts.FPS = 30
	}
	var frames [][]byte
	var packets []oggPacket
	var err error
	if opts.H264 != "" {
		if frames, err = readH264(opts.H264); err != nil {
			return nil, err
		}
	}
	if opts.Ogg != "" {
		if packets, err = readOgg(opts.Ogg); err != nil {
			return nil, err
		}
	}
	mux, err := loopbackMux(opts.URL)
	if err != nil {
		return nil, err
	}
	loss := &lossFactory{every: opts.LoseVideo}
	webAPI, err := newAPI(mux, loss)
	if err != nil {
		return nil, err
	}
	pc, err := webAPI.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		return nil, err
	}
	p := &Publisher{opts: opts, pc: pc, mux: mux, connected: make(chan struct{}), ended: make(chan struct{}), stop: make(chan struct{}),
		loss: loss}
	watch(pc, p.connected, p.ended)
	var video, audio *webrtc.TrackLocalStaticSample
	if frames != nil {
		video, err = webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeH264, ClockRate: 90000,
			SDPFmtpLine: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"}, "video", "rtctest")
		if err == nil {
			err = p.addTrack(video)
		}
	}
	if err == nil && packets != nil {
		audio, err = webrtc.NewTrackLocalStaticSample(webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2}, "audio", "rtctest")
		if err == nil {
			err = p.addTrack(audio)
		}
	}
	if err != nil {
		p.Abort()
		return nil, err
	}
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if p.Location, err = signal(sctx, opts.Client, pc, opts.URL, opts.Key); err != nil {
		p.Abort()
		return nil, err
	}
	start := make(chan time.Time, 2)
	if opts.Muted {
		return p, nil
	}
	if video != nil {
		p.wg.Go(func() { p.sendVideo(video, frames, start) })
	}
	if audio != nil {
		p.wg.Go(func() { p.sendAudio(audio, packets, start) })
	}
	// Both tracks start together once connected.
	p.wg.Go(func() {
		select {
		case <-p.connected:
			now := time.Now()
			start <- now
			start <- now
		case <-p.stop:
		case <-p.ended:
		}
	})
	return p, nil
}

func (p *Publisher) addTrack(t *webrtc.TrackLocalStaticSample) error {
	tr, err := p.pc.AddTransceiverFromTrack(t, webrtc.RTPTransceiverInit{Direction: webrtc.RTPTransceiverDirectionSendonly})
	if err != nil {
		return err
	}
	p.wg.Go(func() {
		for {
			pkts, _, err := tr.Sender().ReadRTCP()
			if err != nil {
				return
			}
			for _, pkt := range pkts {
				switch pkt.(type) {
				case *rtcp.PictureLossIndication, *rtcp.FullIntraRequest:
					p.keyRequests.Add(1)
					p.keyWanted.Store(true)
				}
			}
		}
	})
	return nil
}

// KeyFrameRequests counts the PLIs and FIRs the server sent.
func (p *Publisher) KeyFrameRequests() int64 { return p.keyRequests.Load() }

// Losses counts the video packets lost on purpose (see LoseVideo), and
// Resent those sent again on a NACK, and how many of them went over RTX.
func (p *Publisher) Losses() (lost, resent, overRTX int64) {
	return p.loss.lost.Load(), p.loss.resent.Load(), p.loss.rtx.Load()
}

// pace waits until at; false when the publisher stops.
func (p *Publisher) pace(at time.Time) bool {
	d := time.Until(at)
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-p.stop:
		return false
	case <-p.ended:
		return false
	}
}

func (p *Publisher) sendVideo(track *webrtc.TrackLocalStaticSample, frames [][]byte, start <-chan time.Time) {
	var t0 time.Time
	select {
	case t0 = <-start:
	case <-p.stop:
		return
	case <-p.ended:
		return
	}
	frame := time.Second / time.Duration(p.opts.FPS)
	var keys []int
	for i, f := range frames {
		if isIDR(f) {
			keys = append(keys, i)
		}
	}
	next := 0 // index into frames, may pass len(frames) when looping
	for n := 0; ; n++ {
		if next >= len(frames) && !p.opts.Loop {
			return
		}
		if !p.pace(t0.Add(time.Duration(n) * frame)) {
			return
		}
		if p.keyWanted.Swap(false) && !isIDR(frames[next%len(frames)]) {
			next = nextKey(keys, next, len(frames))
		}
		if err := track.WriteSample(media.Sample{Data: frames[next%len(frames)], Duration: frame}); err != nil {
			return
		}
		if p.opts.Padding > 0 {
			if err := track.GeneratePadding(uint32(p.opts.Padding)); err != nil {
				return
			}
		}
		next++
	}
}

// nextKey is the position of the first key frame after i.
func nextKey(keys []int, i, n int) int {
	loop, at := i/n, i%n
	for _, k := range keys {
		if k > at {
			return loop*n + k
		}
	}
	if len(keys) == 0 {
		return i
	}
	return (loop+1)*n + keys[0]
}

func isIDR(annexB []byte) bool {
	var au h264.AnnexB
	return au.Unmarshal(annexB) == nil && h264.IsRandomAccess(au)
}

func (p *Publisher) sendAudio(track *webrtc.TrackLocalStaticSample, packets []oggPacket, start <-chan time.Time) {
	var t0 time.Time
	select {
	case t0 = <-start:
	case <-p.stop:
		return
	case <-p.ended:
		return
	}
	var at time.Duration
	for i := 0; ; i++ {
		if i >= len(packets) && !p.opts.Loop {
			return
		}
		pkt := packets[i%len(packets)]
		if !p.pace(t0.Add(at)) {
			return
		}
		if err := track.WriteSample(media.Sample{Data: pkt.data, Duration: pkt.duration}); err != nil {
			return
		}
		at += pkt.duration
	}
}

// Connected is closed once the connection is up.
func (p *Publisher) Connected() <-chan struct{} { return p.connected }

// Ended is closed when the connection fails or is closed (by either side).
func (p *Publisher) Ended() <-chan struct{} { return p.ended }

// Close ends the publication with DELETE, then closes the connection.
func (p *Publisher) Close(ctx context.Context) error {
	err := deleteSession(ctx, p.opts.Client, p.Location, p.opts.Key)
	p.Abort()
	return err
}

// Abort closes the connection without DELETE; it is safe to call more
// than once.
func (p *Publisher) Abort() {
	p.stopOnce.Do(func() { close(p.stop) })
	_ = p.pc.GracefulClose()
	p.wg.Wait()
	if p.mux != nil {
		_ = p.mux.Close()
	}
}

// Vanish silences the publisher at once, without DELETE or DTLS close, as
// a crashed encoder or a lost network would (loopback servers only).
func (p *Publisher) Vanish() {
	if p.mux != nil {
		_ = p.mux.Close()
	}
}

// readH264 splits an Annex-B file into access units (Annex-B each),
// assuming one slice per picture.
func readH264(path string) ([][]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := h264reader.NewReader(f)
	if err != nil {
		return nil, err
	}
	var frames [][]byte
	var au []byte
	for {
		nal, err := r.NextNAL()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		au = append(append(au, 0, 0, 0, 1), nal.Data...)
		if t := nal.UnitType; t == h264reader.NalUnitTypeCodedSliceNonIdr || t == h264reader.NalUnitTypeCodedSliceIdr {
			frames = append(frames, au)
			au = nil
		}
	}
	if len(frames) == 0 {
		return nil, fmt.Errorf("%s: no frames", path)
	}
	return frames, nil
}

type oggPacket struct {
	data     []byte
	duration time.Duration
}

// readOgg reads an Ogg Opus file written with one packet per page.
func readOgg(path string) ([]oggPacket, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, _, err := oggreader.NewWith(f)
	if err != nil {
		return nil, err
	}
	var packets []oggPacket
	var last uint64
	for {
		page, hdr, err := r.ParseNextPage()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if _, isHeader := hdr.HeaderType(page); isHeader {
			continue
		}
		d := 20 * time.Millisecond
		if last != 0 && hdr.GranulePosition > last {
			d = time.Duration(hdr.GranulePosition-last) * time.Second / 48000
		}
		last = hdr.GranulePosition
		packets = append(packets, oggPacket{data: page, duration: d})
	}
	if len(packets) == 0 {
		return nil, fmt.Errorf("%s: no packets", path)
	}
	return packets, nil
}
