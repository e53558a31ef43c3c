package media_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// authorizer knows one key and can be told to fail.
type authorizer struct{ fail error }

func (a authorizer) AuthorizePublish(_ context.Context, key string) (media.Grant, error) {
	switch {
	case a.fail != nil:
		return media.Grant{}, a.fail
	case key == "sk_good":
		return media.Grant{ChannelID: "chan1", PlaybackID: "play1"}, nil
	}
	return media.Grant{}, media.ErrUnknownKey
}

type recorder struct {
	mu       sync.Mutex
	events   []string
	attached []*media.Live
}

func (r *recorder) OnPublish(_ context.Context, e media.PublishEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "publish "+string(e.ChannelID)+" "+e.Info.Tracks[0].Codec)
}

func (r *recorder) OnUnpublish(_ context.Context, e media.UnpublishEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, "unpublish "+string(e.ChannelID)+" "+e.Reason)
}

func (r *recorder) Attach(l *media.Live) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attached = append(r.attached, l)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.events, "; ")
}

// The sample's H264 parameter sets (640x360, 30 fps).
func h264Codec(t *testing.T) *stream.H264 {
	t.Helper()
	sps, _ := hex.DecodeString("674d401eeca05017fcb80880000003008000001e078b16cb")
	return &stream.H264{SPS: sps, PPS: []byte{0x68, 0xef, 0x84, 0x72}}
}

var aacCodec = &stream.MPEG4Audio{Config: mpeg4audio.AudioSpecificConfig{Type: mpeg4audio.ObjectTypeAACLC, SampleRate: 44100, ChannelCount: 2}}

func newRegistry(t *testing.T, a media.Authorizer) (*media.Registry, *recorder, *bytes.Buffer) {
	t.Helper()
	rec := &recorder{}
	var logs bytes.Buffer
	reg := media.New(media.Deps{Authorizer: a, Events: rec, Outputs: []media.Output{rec},
		Log: slog.New(slog.NewTextHandler(&logs, nil)), Now: func() time.Time { return time.Unix(1000, 0) }})
	return reg, rec, &logs
}

func TestAdmission(t *testing.T) {
	t.Parallel()
	reg, _, logs := newRegistry(t, authorizer{})
	ctx := context.Background()
	req := media.AdmitRequest{StreamKey: "sk_good", Protocol: "rtmp", RemoteAddr: "192.0.2.1:5000"}

	if _, err := reg.Admit(ctx, media.AdmitRequest{StreamKey: "sk_bad", Protocol: "rtmp"}); !errors.Is(err, media.ErrUnknownKey) {
		t.Errorf("unknown key: %v", err)
	}
	p, err := reg.Admit(ctx, req)
	if err != nil || p.ChannelID() != "chan1" {
		t.Fatalf("Admit = %v, %v", p, err)
	}
	if _, err := reg.Admit(ctx, req); !errors.Is(err, media.ErrAlreadyLive) {
		t.Errorf("second publisher: %v", err)
	}
	// Reserved but not yet live.
	if _, err := reg.ByChannel("chan1"); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("ByChannel before Start: %v", err)
	}
	p.Close(nil)
	p.Close(nil)
	if p.Context().Err() == nil {
		t.Error("closed publisher's context still alive")
	}
	if _, err := reg.Admit(ctx, req); err != nil {
		t.Errorf("Admit after the first left: %v", err)
	}
	out := logs.String()
	for _, want := range []string{`msg="publish refused: invalid stream key" protocol=rtmp`,
		`msg="publish refused: channel already live" channel_id=chan1 protocol=rtmp remote_addr=192.0.2.1:5000`} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "sk_") {
		t.Error("a stream key reached the logs")
	}

	failing, _, _ := newRegistry(t, authorizer{fail: errors.New("database down")})
	if _, err := failing.Admit(ctx, req); err == nil || errors.Is(err, media.ErrUnknownKey) || !strings.Contains(err.Error(), "database down") {
		t.Errorf("authorizer failure: %v", err)
	}
}

func TestLiveLifecycle(t *testing.T) {
	t.Parallel()
	reg, rec, _ := newRegistry(t, authorizer{})
	p, err := reg.Admit(context.Background(), media.AdmitRequest{StreamKey: "sk_good", Protocol: "rtmp"})
	if err != nil {
		t.Fatal(err)
	}
	md := media.Metadata{Width: 640, Height: 360, Encoder: "test"}
	s, err := p.Start([]stream.Codec{h264Codec(t), aacCodec}, md)
	if err != nil {
		t.Fatal(err)
	}
	l, err := reg.ByPlaybackID("play1")
	if err != nil || l.Stream != s || l.ChannelID != "chan1" || !l.Started.Equal(time.Unix(1000, 0)) {
		t.Fatalf("ByPlaybackID = %+v, %v", l, err)
	}
	if byCh, _ := reg.ByChannel("chan1"); byCh != l {
		t.Error("ByChannel disagrees with ByPlaybackID")
	}
	want := []media.TrackInfo{{Codec: "h264", Video: true, Width: 640, Height: 360, FrameRate: 30},
		{Codec: "aac", SampleRate: 44100, Channels: 2}}
	if len(l.Info.Tracks) != 2 || l.Info.Tracks[0] != want[0] || l.Info.Tracks[1] != want[1] || l.Info.Metadata != md {
		t.Errorf("info = %+v", l.Info)
	}
	if len(rec.attached) != 1 || rec.attached[0] != l {
		t.Errorf("outputs attached: %v", rec.attached)
	}
	if _, err := p.Start([]stream.Codec{aacCodec}, md); err == nil {
		t.Error("a second Start was accepted")
	}

	reg.RevokePublisher(context.Background(), "chan1")
	reg.RevokePublisher(context.Background(), "nobody")
	select {
	case <-s.Done():
	default:
		t.Error("the stream outlived the revocation")
	}
	if !errors.Is(context.Cause(p.Context()), media.ErrRevoked) {
		t.Errorf("cause = %v", context.Cause(p.Context()))
	}
	if _, err := reg.ByPlaybackID("play1"); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("ByPlaybackID after revoke: %v", err)
	}
	p.Close(nil) // the ingest notices later: no second event
	if got := rec.String(); got != "publish chan1 h264; unpublish chan1 revoked" {
		t.Errorf("events: %s", got)
	}
	if _, err := p.Start([]stream.Codec{aacCodec}, md); !errors.Is(err, media.ErrClosed) {
		t.Errorf("Start after revoke: %v", err)
	}
}

func TestStartRefusesUnusableParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		codec stream.Codec
	}{
		{"garbage SPS", &stream.H264{SPS: []byte{0x67, 0xff}, PPS: []byte{0x68}}},
		{"no PPS", &stream.H264{SPS: h264Codec(t).SPS}},
		{"no H265 SPS", &stream.H265{VPS: []byte{0x40}, PPS: []byte{0x44}}},
		{"AAC without sample rate", &stream.MPEG4Audio{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg, rec, _ := newRegistry(t, authorizer{})
			p, _ := reg.Admit(context.Background(), media.AdmitRequest{StreamKey: "sk_good"})
			if _, err := p.Start([]stream.Codec{tc.codec}, media.Metadata{}); err == nil {
				t.Fatal("accepted")
			}
			if _, err := reg.ByChannel("chan1"); err == nil || len(rec.attached) != 0 || rec.String() != "" {
				t.Error("went live anyway")
			}
		})
	}
}
