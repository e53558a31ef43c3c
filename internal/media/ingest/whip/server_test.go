package whip_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/ingest/whip"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/rtc"
	"github.com/onair/onair/internal/rtc/rtctest"
)

const key = "sk_test_key"

type keys map[string]media.Grant

func (k keys) AuthorizePublish(_ context.Context, key string) (media.Grant, error) {
	if g, ok := k[key]; ok {
		return g, nil
	}
	return media.Grant{}, media.ErrUnknownKey
}

type env struct {
	reg *media.Registry
	srv *whip.Server
	url string
}

func start(t *testing.T, cfg whip.Config, rtcCfg rtc.Config) env {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	reg := media.New(media.Deps{Authorizer: keys{key: {ChannelID: "ch1", PlaybackID: "pb1"}}, Log: log})
	if rtcCfg.UDPAddr == "" {
		rtcCfg.UDPAddr = "127.0.0.1:0"
	}
	tr, err := rtc.Listen(rtcCfg, log)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := whip.New(cfg, whip.Deps{Admitter: reg, Transport: tr, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
		tr.Close()
	})
	return env{reg: reg, srv: srv, url: hs.URL + "/whip"}
}

func sample(name string) string { return filepath.Join("..", "..", "testdata", name) }

func publish(t *testing.T, e env, h264, ogg string) *rtctest.Publisher {
	t.Helper()
	p, err := rtctest.Publish(context.Background(), rtctest.PublishOptions{URL: e.url, Key: key, H264: h264, Ogg: ogg, Loop: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Abort)
	return p
}

func waitLive(t *testing.T, reg *media.Registry) *media.Live {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if l, err := reg.ByChannel("ch1"); err == nil {
			return l
		}
		if time.Now().After(deadline) {
			t.Fatal("not live")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func waitOffline(t *testing.T, reg *media.Registry, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		if _, err := reg.ByChannel("ch1"); errors.Is(err, media.ErrNotLive) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still live after %v", within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestUnitsOnTheStream checks what a WHIP publication writes into the live
// stream: H264 access units starting at a key frame with in-band parameter
// sets, Opus packets, increasing timestamps on one clock, arrival times.
func TestUnitsOnTheStream(t *testing.T) {
	t.Parallel()
	e := start(t, whip.Config{}, rtc.Config{})
	publish(t, e, sample("sample.h264"), sample("sample.ogg"))
	l := waitLive(t, e.reg)
	if len(l.Info.Tracks) != 2 || l.Info.Tracks[0].Codec != "h264" || l.Info.Tracks[0].Width != 640 ||
		l.Info.Tracks[0].Height != 360 || l.Info.Tracks[1].Codec != "opus" || l.Info.Protocol != "whip" {
		t.Fatalf("tracks = %+v", l.Info)
	}
	rd, err := l.Stream.AddReader("test", 0)
	if err != nil {
		t.Fatal(err)
	}
	last := map[*stream.Track]time.Duration{}
	var video, keys, audio int
	var lastVideo, lastAudio time.Duration
	for video < 60 || audio < 100 {
		select {
		case u := <-rd.Units():
			if prev, ok := last[u.Track]; ok && u.PTS <= prev {
				t.Errorf("%s PTS went from %v to %v", u.Track.Codec.Name(), prev, u.PTS)
			}
			last[u.Track] = u.PTS
			if u.DTS > u.PTS {
				t.Errorf("DTS %v after PTS %v", u.DTS, u.PTS)
			}
			if d := time.Since(u.NTP); d < 0 || d > 2*time.Second {
				t.Errorf("NTP %v is not an arrival time", u.NTP)
			}
			switch u.Track.Codec.(type) {
			case *stream.H264:
				if video == 0 && !u.Key {
					t.Error("the first video unit is not a key frame")
				}
				if u.Key {
					keys++
					if n := u.Payload[0][0] & 0x1f; n != 7 {
						t.Errorf("key frame starts with NAL type %d, want its SPS", n)
					}
				}
				video++
				lastVideo = u.PTS
			case *stream.Opus:
				audio++
				lastAudio = u.PTS
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("stalled after %d video and %d audio units", video, audio)
		}
	}
	rd.Close()
	if keys < 1 {
		t.Error("no key frame")
	}
	// Audio and video were sent in step; on the common clock they stay
	// within a frame or two of each other.
	if d := lastVideo - lastAudio; d > 150*time.Millisecond || d < -150*time.Millisecond {
		t.Errorf("video at %v, audio at %v: out of sync", lastVideo, lastAudio)
	}
}

func TestVideoOnlyAndAudioOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, h264, ogg, codec string
	}{
		{"video", sample("sample.h264"), "", "h264"},
		{"audio", "", sample("sample.ogg"), "opus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := start(t, whip.Config{}, rtc.Config{})
			t0 := time.Now()
			publish(t, e, tc.h264, tc.ogg)
			l := waitLive(t, e.reg)
			t.Logf("live after %v", time.Since(t0).Round(time.Millisecond))
			if len(l.Info.Tracks) != 1 || l.Info.Tracks[0].Codec != tc.codec {
				t.Errorf("tracks = %+v", l.Info.Tracks)
			}
		})
	}
}

func TestDeleteNeedsTheKey(t *testing.T) {
	t.Parallel()
	e := start(t, whip.Config{}, rtc.Config{})
	p := publish(t, e, sample("sample.h264"), sample("sample.ogg"))
	waitLive(t, e.reg)
	for _, auth := range []string{"", "Bearer wrong", "Basic " + key} {
		req, _ := http.NewRequest(http.MethodDelete, p.Location, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("DELETE with %q: %d", auth, res.StatusCode)
		}
	}
	// PATCH (trickle ICE) is not offered.
	req, _ := http.NewRequest(http.MethodPatch, p.Location, strings.NewReader("a=end-of-candidates\r\n"))
	req.Header.Set("Content-Type", "application/trickle-ice-sdpfrag")
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PATCH: %d %s", res.StatusCode, body)
	}
	if _, err := e.reg.ByChannel("ch1"); err != nil {
		t.Fatal("refused requests ended the publication")
	}
	if err := p.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.reg.ByChannel("ch1"); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("live after DELETE: %v", err)
	}
	if n := e.srv.Publishers(); n != 0 {
		t.Errorf("%d sessions left", n)
	}
}

// TestLostPublisherEnds: a publisher that vanishes without DELETE is
// dropped once ICE gives up on it.
func TestLostPublisherEnds(t *testing.T) {
	t.Parallel()
	e := start(t, whip.Config{}, rtc.Config{DisconnectedTimeout: 500 * time.Millisecond})
	p := publish(t, e, sample("sample.h264"), sample("sample.ogg"))
	waitLive(t, e.reg)
	t0 := time.Now()
	p.Vanish()
	waitOffline(t, e.reg, 10*time.Second)
	t.Logf("offline %v after the publisher vanished", time.Since(t0).Round(time.Millisecond))
}

// TestRevokeEndsAtOnce: the registry revoking the publisher (stream key
// reset) closes the connection.
func TestRevokeEndsAtOnce(t *testing.T) {
	t.Parallel()
	e := start(t, whip.Config{}, rtc.Config{})
	p := publish(t, e, sample("sample.h264"), "")
	waitLive(t, e.reg)
	e.reg.RevokePublisher(context.Background(), "ch1")
	select {
	case <-p.Ended():
	case <-time.After(3 * time.Second):
		t.Fatal("publisher still connected after revocation")
	}
}

// TestNoMediaTimesOut: an answered publisher that never sends media does
// not hold the channel.
func TestNoMediaTimesOut(t *testing.T) {
	t.Parallel()
	e := start(t, whip.Config{StartTimeout: 500 * time.Millisecond}, rtc.Config{})
	p, err := rtctest.Publish(context.Background(), rtctest.PublishOptions{URL: e.url, Key: key,
		H264: sample("sample.h264"), Ogg: sample("sample.ogg"), Muted: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	t0 := time.Now()
	select {
	case <-p.Ended():
		t.Logf("ended after %v", time.Since(t0))
	case <-time.After(10 * time.Second):
		t.Fatal("a silent publisher was kept")
	}
	if _, err := e.reg.ByChannel("ch1"); !errors.Is(err, media.ErrNotLive) {
		t.Errorf("silent publisher went live: %v", err)
	}
	// The channel is free again.
	publish(t, e, "", sample("sample.ogg"))
	waitLive(t, e.reg)
}
