package whip_test

import (
	"context"
	"testing"
	"time"

	"github.com/onair/onair/internal/media/ingest/whip"
	"github.com/onair/onair/internal/media/stream"
	"github.com/onair/onair/internal/rtc"
	"github.com/onair/onair/internal/rtc/rtctest"
)

// TestNoFrameGivenUp publishes as Chromium does on a clean network:
// padding-only packets between frames (its pacer probing the bandwidth)
// and lost packets that come back on NACK over RTX. Every frame must
// reach the stream, with no key frame asked for after the first.
func TestNoFrameGivenUp(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		padding, lose int
	}{
		{name: "padding between frames", padding: 3},
		{name: "lost packets resent", lose: 25},
		{name: "padding and lost packets", padding: 2, lose: 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := start(t, whip.Config{KeyFrameInterval: time.Hour}, rtc.Config{})
			p, err := rtctest.Publish(context.Background(), rtctest.PublishOptions{URL: e.url, Key: key, H264: sample("sample.h264"),
				Loop: true, Padding: tc.padding, LoseVideo: tc.lose})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(p.Abort)
			l := waitLive(t, e.reg)
			rd, err := l.Stream.AddReader("test", 0)
			if err != nil {
				t.Fatal(err)
			}
			defer rd.Close()
			const frames = 90 // 3 s
			frame := time.Second / 30
			var prev time.Duration
			var asked int64
			for n := 0; n < frames; n++ {
				var u *stream.Unit
				select {
				case u = <-rd.Units():
				case <-time.After(3 * time.Second):
					t.Fatalf("stalled after %d frames", n)
				}
				if n == 0 {
					asked = p.KeyFrameRequests()
				} else if gap := u.PTS - prev; gap > frame*3/2 {
					t.Errorf("frame %d: %v after the previous one: %d frame(s) given up", n, gap, (gap+frame/2)/frame-1)
				}
				prev = u.PTS
			}
			if more := p.KeyFrameRequests() - asked; more > 0 {
				t.Errorf("%d more key frames asked for: frames were given up", more)
			}
			if tc.lose > 0 {
				lost, resent, overRTX := p.Losses()
				if lost == 0 || resent == 0 || overRTX == 0 {
					t.Errorf("lost %d packets, %d resent, %d of them over RTX: want RTX retransmissions", lost, resent, overRTX)
				}
			}
		})
	}
}
