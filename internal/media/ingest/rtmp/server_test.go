package rtmp_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/gortmplib"
	"github.com/bluenviron/gortmplib/pkg/codecs"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/ingest/rtmp"
	"github.com/onair/onair/internal/media/stream"
)

// Parameter sets of internal/media/testdata/sample.flv (640x360, 30 fps).
var (
	sps, _ = hex.DecodeString("674d401eeca05017fcb80880000003008000001e078b16cb")
	pps, _ = hex.DecodeString("68ef8472")
	idr    = []byte{0x65, 0x88, 0x84, 0x00, 0x10}
	nonIDR = []byte{0x41, 0x9a, 0x02, 0x00, 0x10}
	aac    = []byte{0x21, 0x10, 0x04, 0x60, 0x8c}
)

const key = "sk_valid"

type keys map[string]media.Grant

func (k keys) AuthorizePublish(_ context.Context, streamKey string) (media.Grant, error) {
	if g, ok := k[streamKey]; ok {
		return g, nil
	}
	return media.Grant{}, media.ErrUnknownKey
}

// output hands each stream that goes live to the test, with a reader
// attached before any unit flows.
type output struct{ lives chan live }

type live struct {
	*media.Live
	reader *stream.Reader
}

func (o output) Attach(l *media.Live) {
	r, err := l.Stream.AddReader("test", 1024)
	if err == nil {
		o.lives <- live{l, r}
	}
}

// events records what the registry reports.
type events struct {
	mu  sync.Mutex
	got []string
}

func (e *events) OnPublish(_ context.Context, ev media.PublishEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, "publish "+string(ev.ChannelID))
}

func (e *events) OnUnpublish(_ context.Context, ev media.UnpublishEvent) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got = append(e.got, "unpublish "+string(ev.ChannelID)+" "+ev.Reason)
}

func (e *events) String() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return strings.Join(e.got, "; ")
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type harness struct {
	addr   string
	reg    *media.Registry
	out    output
	events *events
	logs   *syncBuffer
	stop   func() // stops the server and waits for Serve to return
}

func start(t *testing.T, cfg rtmp.Config) *harness {
	t.Helper()
	h := &harness{out: output{lives: make(chan live, 4)}, events: &events{}, logs: &syncBuffer{}}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.reg = media.New(media.Deps{Authorizer: keys{key: {ChannelID: "chan1", PlaybackID: "play1"}},
		Events: h.events, Outputs: []media.Output{h.out}, Log: log})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.addr = ln.Addr().String()
	srv := rtmp.New(cfg, rtmp.Deps{Admitter: h.reg, Log: log})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	var once sync.Once
	h.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	t.Cleanup(h.stop)
	return h
}

// connect runs the RTMP handshake and the publish (or play) command.
func (h *harness) connect(t *testing.T, path string, publish bool) (*gortmplib.Client, error) {
	t.Helper()
	u, _ := url.Parse("rtmp://" + h.addr + path)
	c := &gortmplib.Client{URL: u, Publish: publish}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Initialize(ctx); err != nil {
		return nil, err
	}
	t.Cleanup(c.Close)
	return c, nil
}

// publishAV announces H264 + AAC and writes seconds of media (timestamps
// only: it is written as fast as the connection takes it).
func publishAV(t *testing.T, c *gortmplib.Client, seconds int) {
	t.Helper()
	video := &gortmplib.Track{Codec: &codecs.H264{SPS: sps, PPS: pps}}
	audio := &gortmplib.Track{Codec: &codecs.MPEG4Audio{Config: &mpeg4audio.AudioSpecificConfig{
		Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 48000, ChannelCount: 2, ChannelConfig: 2}}}
	w := &gortmplib.Writer{Conn: c, Tracks: []*gortmplib.Track{video, audio}}
	if err := w.Initialize(); err != nil {
		t.Fatal(err)
	}
	for i := range seconds * 30 {
		pts := time.Duration(i) * time.Second / 30
		au := nonIDR
		if i%30 == 0 {
			au = idr
		}
		if err := w.WriteH264(video, pts, pts, [][]byte{au}); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteMPEG4Audio(audio, pts, aac); err != nil {
			t.Fatal(err)
		}
	}
}

// waitHangUp reads until the server closes the connection (EOF, or a reset
// when it closed with our data unread).
func waitHangUp(t *testing.T, c *gortmplib.Client) {
	t.Helper()
	_ = c.NetConn().SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.Copy(io.Discard, c.NetConn()); errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatal("the server did not close the connection")
	}
}

func TestPublishDeliversUnitsAndMetadata(t *testing.T) {
	t.Parallel()
	h := start(t, rtmp.Config{})
	c, err := h.connect(t, "/live/"+key, true)
	if err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	publishAV(t, c, 3)

	var l live
	select {
	case l = <-h.out.lives:
	case <-time.After(10 * time.Second):
		t.Fatal("the stream did not go live")
	}
	if l.ChannelID != "chan1" || l.PlaybackID != "play1" || l.Info.Protocol != "rtmp" {
		t.Errorf("live = %+v", l.Live)
	}
	if md := l.Info.Metadata; md.VideoCodec != "h264" || md.AudioCodec != "aac" {
		t.Errorf("metadata = %+v", md)
	}
	if tr := l.Info.Tracks; len(tr) != 2 || tr[0].Width != 640 || tr[0].Height != 360 || tr[1].SampleRate != 48000 || tr[1].Channels != 2 {
		t.Errorf("tracks = %+v", tr)
	}

	var video, audio int
	var lastVideo time.Duration = -1
	for video < 90 || audio < 90 {
		var u *stream.Unit
		select {
		case u = <-l.reader.Units():
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d video and %d audio units arrived", video, audio)
		}
		// The burst was buffered during track detection: arrival times are
		// estimated back from the newest message by DTS.
		if u.NTP.Before(before.Add(-5*time.Second)) || u.NTP.After(time.Now()) {
			t.Errorf("unit dated %v, outside the test", u.NTP)
		}
		if u.Track.Codec.IsVideo() {
			if video == 0 && (!u.Key || len(u.Payload) != 3 || !bytes.Equal(u.Payload[0], sps)) {
				t.Errorf("first video unit: key=%v payload=%x; want the IDR with SPS and PPS in band", u.Key, u.Payload)
			}
			if u.PTS <= lastVideo {
				t.Errorf("video PTS went from %v to %v", lastVideo, u.PTS)
			}
			lastVideo = u.PTS
			video++
		} else {
			audio++
		}
	}
	// RTMP timestamps are whole milliseconds.
	if want := (time.Duration(89) * time.Second / 30).Truncate(time.Millisecond); lastVideo != want {
		t.Errorf("last video PTS %v, want %v", lastVideo, want)
	}

	// The publisher leaves: the stream ends and the channel is free again.
	c.Close()
	select {
	case <-l.Stream.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the stream did not end")
	}
	if _, err := h.reg.ByChannel("chan1"); err == nil {
		t.Error("still live after the publisher left")
	}
	if got := h.events.String(); got != "publish chan1; unpublish chan1 ended" {
		t.Errorf("events: %s", got)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	h := start(t, rtmp.Config{})
	first, err := h.connect(t, "/live/"+key, true)
	if err != nil {
		t.Fatal(err)
	}
	_ = first // holds the channel
	tests := []struct {
		name, path string
		publish    bool
		want, log  string
	}{
		{"unknown key", "/live/sk_unknown", true, "invalid stream key", `msg="publish refused: invalid stream key"`},
		{"other application", "/app/" + key, true, "unknown RTMP application", `msg="publish refused" remote_addr=`},
		{"no key", "/live/", true, "missing or malformed stream key", "missing or malformed stream key"},
		{"second publisher", "/live/" + key, true, "channel already live", `msg="publish refused: channel already live" channel_id=chan1`},
		{"playback", "/live/" + key, false, "", `msg="play refused: RTMP playback is not offered"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.connect(t, tc.path, tc.publish)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("connect = %v, want a refusal saying %q", err, tc.want)
			}
			if !strings.Contains(h.logs.String(), tc.log) {
				t.Errorf("logs lack %s", tc.log)
			}
		})
	}
	if strings.Contains(h.logs.String(), key) || strings.Contains(h.logs.String(), "sk_unknown") {
		t.Error("a stream key reached the logs")
	}
}

func TestSilentPublisherTimesOut(t *testing.T) {
	t.Parallel()
	h := start(t, rtmp.Config{Timeout: 300 * time.Millisecond})
	c, err := h.connect(t, "/live/"+key, true)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing is sent: the server drops the connection...
	waitHangUp(t, c)
	// ...and frees the channel.
	if _, err := h.connect(t, "/live/"+key, true); err != nil {
		t.Errorf("the channel stayed taken: %v", err)
	}
}

func TestShutdownEndsPublications(t *testing.T) {
	t.Parallel()
	h := start(t, rtmp.Config{})
	c, err := h.connect(t, "/live/"+key, true)
	if err != nil {
		t.Fatal(err)
	}
	publishAV(t, c, 3)
	l := <-h.out.lives
	h.stop() // returns once every connection is closed
	select {
	case <-l.Stream.Done():
	default:
		t.Fatal("Serve returned with a stream still live")
	}
	if got := h.events.String(); got != "publish chan1; unpublish chan1 server shutting down" {
		t.Errorf("events: %s", got)
	}
}

func TestRevokeDisconnects(t *testing.T) {
	t.Parallel()
	h := start(t, rtmp.Config{})
	c, err := h.connect(t, "/live/"+key, true)
	if err != nil {
		t.Fatal(err)
	}
	publishAV(t, c, 3)
	l := <-h.out.lives
	h.reg.RevokePublisher(context.Background(), "chan1")
	select {
	case <-l.Stream.Done():
	default:
		t.Fatal("the stream outlived the revocation")
	}
	waitHangUp(t, c)
	if got := h.events.String(); got != "publish chan1; unpublish chan1 revoked" {
		t.Errorf("events: %s", got)
	}
}
