package whep_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/av1"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
	"github.com/pion/webrtc/v4/pkg/media/h264reader"
	"github.com/pion/webrtc/v4/pkg/media/oggreader"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/media/whep"
	"github.com/onair/onair/internal/rtc"
	"github.com/onair/onair/internal/rtc/rtctest"
)

type keys struct{}

func (keys) AuthorizePublish(context.Context, string) (media.Grant, error) {
	return media.Grant{ChannelID: "ch1", PlaybackID: "pb1"}, nil
}

type env struct {
	reg *media.Registry
	srv *whep.Server
	url string // the stream's WHEP endpoint
}

func start(t *testing.T, cfg whep.Config, rtcCfg rtc.Config) env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if os.Getenv("ONAIR_TEST_LOGS") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	reg := media.New(media.Deps{Authorizer: keys{}, Log: log})
	rtcCfg.UDPAddr = "127.0.0.1:0"
	tr, err := rtc.Listen(rtcCfg, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := whep.New(cfg, whep.Deps{Lookup: reg, Transport: tr, Log: log})
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
		tr.Close()
	})
	return env{reg: reg, srv: srv, url: hs.URL + "/whep/pb1"}
}

func sample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// h264Frames splits the Annex-B sample into access units (one slice each).
func h264Frames(t *testing.T) (frames [][][]byte, sps, pps []byte) {
	r, err := h264reader.NewReader(bytesReader(sample(t, "sample.h264")))
	if err != nil {
		t.Fatal(err)
	}
	var au [][]byte
	for {
		nal, err := r.NextNAL()
		if err != nil {
			return frames, sps, pps
		}
		n := nal.Data
		switch h264.NALUType(n[0] & 0x1f) {
		case h264.NALUTypeSPS:
			sps = n
		case h264.NALUTypePPS:
			pps = n
		}
		au = append(au, n)
		if typ := h264.NALUType(n[0] & 0x1f); typ == h264.NALUTypeIDR || typ == h264.NALUTypeNonIDR {
			frames, au = append(frames, au), nil
		}
	}
}

func opusPackets(t *testing.T) [][]byte {
	r, _, err := oggreader.NewWith(bytesReader(sample(t, "sample.ogg")))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for {
		page, hdr, err := r.ParseNextPage()
		if err != nil {
			return out
		}
		if _, isHeader := hdr.HeaderType(page); !isHeader {
			out = append(out, page)
		}
	}
}

// av1Units splits the OBU sample into temporal units.
func av1Units(t *testing.T) [][][]byte {
	var obus av1.Bitstream
	if err := obus.Unmarshal(sample(t, "sample.obu")); err != nil {
		t.Fatal(err)
	}
	var out [][][]byte
	for _, o := range obus {
		if av1.OBUType((o[0]>>3)&0xf) == av1.OBUTypeTemporalDelimiter {
			out = append(out, nil)
			continue
		}
		if len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], o)
		}
	}
	return out
}

// track is a stream's worth of units to play in a loop.
type track struct {
	codec stream.Codec
	units [][][]byte
	every time.Duration
	// bframesAfter, when above zero, gives the units from this one on a
	// DTS before their PTS, as B-frames have.
	bframesAfter int
}

// goLive publishes tracks, written in real time until the test ends or
// stop is called.
func goLive(t *testing.T, reg *media.Registry, tracks ...track) (l *media.Live, stop func()) {
	t.Helper()
	pub, err := reg.Admit(context.Background(), media.AdmitRequest{StreamKey: "k", Protocol: "test"})
	if err != nil {
		t.Fatal(err)
	}
	codecs := make([]stream.Codec, len(tracks))
	for i, tr := range tracks {
		codecs[i] = tr.codec
	}
	st, err := pub.Start(codecs, media.Metadata{})
	if err != nil {
		t.Fatal(err)
	}
	l, _ = reg.ByChannel("ch1")
	done := make(chan struct{})
	var wg sync.WaitGroup
	for i, tr := range tracks {
		wg.Go(func() {
			t0 := time.Now()
			for n := 0; ; n++ {
				pts := time.Duration(n) * tr.every
				select {
				case <-time.After(time.Until(t0.Add(pts))):
				case <-done:
					return
				}
				dts := pts
				if tr.bframesAfter > 0 && n >= tr.bframesAfter {
					dts -= tr.every
				}
				st.Write(&stream.Unit{Track: st.Tracks()[i], PTS: pts, DTS: dts, NTP: time.Now(), Payload: tr.units[n%len(tr.units)]})
			}
		})
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			close(done)
			wg.Wait()
			pub.Close(nil)
		})
	}
	t.Cleanup(stop)
	return l, stop
}

func h264Track(t *testing.T) track {
	frames, sps, pps := h264Frames(t)
	return track{codec: &stream.H264{SPS: sps, PPS: pps}, units: frames, every: time.Second / 30}
}

func opusTrack(t *testing.T) track {
	var units [][][]byte
	for _, p := range opusPackets(t) {
		units = append(units, [][]byte{p})
	}
	return track{codec: &stream.Opus{ChannelCount: 2}, units: units, every: 20 * time.Millisecond}
}

func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func play(t *testing.T, e env) *rtctest.Player {
	t.Helper()
	p, err := rtctest.Play(context.Background(), e.url, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Abort)
	return p
}

// waitConnected fails the test if p ends or does not connect in time.
func waitConnected(t *testing.T, p *rtctest.Player) {
	t.Helper()
	select {
	case <-p.Connected():
	case <-p.Ended():
		t.Fatal("the player's connection ended before it was up")
	case <-time.After(20 * time.Second):
		t.Fatal("the player did not connect within 20 s")
	}
}

func TestPlayH264AndOpus(t *testing.T) {
	t.Parallel()
	e := start(t, whep.Config{}, rtc.Config{})
	_, stop := goLive(t, e.reg, h264Track(t), opusTrack(t))
	p := play(t, e)
	st, ok := p.WaitFor(within(t, 10*time.Second), func(st rtctest.PlayStats) bool {
		return st.VideoFrames >= 45 && st.AudioPackets >= 75
	})
	if !ok || !st.FirstIsKey || st.KeyFrames < 1 || st.Width != 640 || st.VideoCodec != "video/H264" || st.AudioCodec != "audio/opus" {
		t.Fatalf("player got %+v", st)
	}
	t.Logf("first frame %v (a key frame), first audio %v", st.FirstVideo.Round(time.Millisecond), st.FirstAudio.Round(time.Millisecond))
	if d := st.AudioDuration; d < 1400*time.Millisecond {
		t.Errorf("audio lasts %v", d)
	}
	if n := e.srv.Viewers("pb1"); n != 1 {
		t.Errorf("Viewers = %d", n)
	}
	// The stream ending ends its viewers.
	stop()
	tEnd := time.Now()
	select {
	case <-p.Ended():
		t.Logf("viewer ended %v after the stream", time.Since(tEnd).Round(time.Millisecond))
	case <-time.After(8 * time.Second):
		t.Fatal("viewer still connected after the stream ended")
	}
	waitViewers(t, e.srv, 0)
	if _, err := rtctest.Play(context.Background(), e.url, nil); rtctest.StatusOf(err) != http.StatusNotFound {
		t.Errorf("offline stream: %v", err)
	}
}

func waitViewers(t *testing.T, s *whep.Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.Viewers("pb1") != n {
		if time.Now().After(deadline) {
			t.Fatalf("Viewers = %d, want %d", s.Viewers("pb1"), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPlayAV1(t *testing.T) {
	t.Parallel()
	e := start(t, whep.Config{}, rtc.Config{})
	goLive(t, e.reg, track{codec: &stream.AV1{}, units: av1Units(t), every: time.Second / 30})
	p := play(t, e)
	st, ok := p.WaitFor(within(t, 10*time.Second), func(st rtctest.PlayStats) bool { return st.VideoFrames >= 30 })
	if !ok || !st.FirstIsKey || st.VideoCodec != "video/AV1" || st.AudioPackets != 0 {
		t.Fatalf("player got %+v", st)
	}
}

func TestDeleteAndVanishingViewers(t *testing.T) {
	t.Parallel()
	// Long enough that a loaded machine's scheduling does not drop a viewer
	// that is still connecting.
	e := start(t, whep.Config{}, rtc.Config{DisconnectedTimeout: time.Second})
	goLive(t, e.reg, h264Track(t))
	a, b := play(t, e), play(t, e)
	waitConnected(t, a)
	waitConnected(t, b)
	waitViewers(t, e.srv, 2)
	if err := a.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Viewers("pb1"); n != 1 {
		t.Errorf("Viewers after DELETE = %d", n)
	}
	if err := a.Close(context.Background()); rtctest.StatusOf(err) != http.StatusNotFound {
		t.Errorf("second DELETE: %v", err)
	}
	b.Vanish()
	waitViewers(t, e.srv, 0)
}

func TestAACWithoutFFmpegPlaysVideoOnly(t *testing.T) {
	t.Parallel()
	e := start(t, whep.Config{FFmpeg: ""}, rtc.Config{})
	aac := track{codec: &stream.MPEG4Audio{Config: mpeg4audio.AudioSpecificConfig{Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 48000, ChannelCount: 2, ChannelConfig: 2}},
		units: [][][]byte{{{0x21, 0x10, 0x04}}}, every: 21 * time.Millisecond}
	goLive(t, e.reg, h264Track(t), aac)
	p := play(t, e)
	st, ok := p.WaitFor(within(t, 10*time.Second), func(st rtctest.PlayStats) bool { return st.VideoFrames >= 30 })
	if !ok || st.AudioPackets != 0 {
		t.Fatalf("player got %+v", st)
	}
}

func TestUnplayableStream(t *testing.T) {
	t.Parallel()
	e := start(t, whep.Config{FFmpeg: ""}, rtc.Config{})
	goLive(t, e.reg, track{codec: &stream.H265{VPS: []byte{0x40, 1}, SPS: h265SPS, PPS: []byte{0x44, 1}},
		units: [][][]byte{{{0x26, 1}}}, every: time.Second / 30})
	_, err := rtctest.Play(context.Background(), e.url, nil)
	var he *rtctest.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnprocessableEntity || he.Code != "StreamNotPlayableException" {
		t.Errorf("H265 stream: %v", err)
	}
}

// h265SPS is a valid 320x180 SPS (the registry checks it).
var h265SPS = func() []byte {
	b := []byte{
		0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x3c,
		0xa0, 0x0a, 0x08, 0x0b, 0x9f, 0x79, 0x65, 0x79, 0x24, 0xca, 0xe0, 0x10, 0x00, 0x00, 0x06, 0x40, 0x00, 0x00, 0xbb, 0x50, 0x80,
	}
	var sps h265.SPS
	if sps.Unmarshal(b) != nil {
		return nil
	}
	return b
}()

// TestBFramesGoToHLS: viewers of a stream with B-frames, which WebRTC
// decoders cannot reorder, are ended when they show up and refused after.
func TestBFramesGoToHLS(t *testing.T) {
	t.Parallel()
	e := start(t, whep.Config{}, rtc.Config{})
	h := h264Track(t)
	h.bframesAfter = 60
	goLive(t, e.reg, h)
	p := play(t, e)
	select {
	case <-p.Ended():
	case <-time.After(10 * time.Second):
		t.Fatal("the viewer was not ended when B-frames came")
	}
	_, err := rtctest.Play(context.Background(), e.url, nil)
	var he *rtctest.HTTPError
	if !errors.As(err, &he) || he.Status != http.StatusUnprocessableEntity || he.Code != "WebRTCUnsupportedStreamException" {
		t.Errorf("second viewer: %v", err)
	}
}
