package ladder

import (
	"bytes"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h265"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/stream"
)

// h265AccessUnits splits the committed H265 sample (Annex-B, 320x180, 60
// frames, a key frame every 30, no B-frames) into access units.
func h265AccessUnits(t *testing.T) [][][]byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/sample.h265")
	if err != nil {
		t.Fatal(err)
	}
	var aus [][][]byte
	var pending [][]byte
	for _, n := range bytes.Split(b, []byte{0, 0, 1}) {
		if n = bytes.TrimRight(n, "\x00"); len(n) == 0 {
			continue
		}
		if typ := h265.NALUType((n[0] >> 1) & 0x3f); typ >= h265.NALUType_VPS_NUT {
			if typ != h265.NALUType_SUFFIX_SEI_NUT {
				pending = append(pending, n)
			}
			continue
		}
		aus = append(aus, append(pending, n))
		pending = nil
	}
	if len(aus) != 60 {
		t.Fatalf("sample.h265 has %d access units, want 60", len(aus))
	}
	return aus
}

// collector is a rendition output that keeps what it is given.
type collector struct {
	mu    sync.Mutex
	rends []*media.Rendition
	units map[string][]*stream.Unit
	wg    sync.WaitGroup
}

func (c *collector) AttachRendition(_ *media.Live, r *media.Rendition) {
	rd, err := r.Stream.AddReader("test", 1024)
	if err != nil {
		return
	}
	c.mu.Lock()
	c.rends = append(c.rends, r)
	c.mu.Unlock()
	c.wg.Go(func() {
		for u := range rd.Units() {
			c.mu.Lock()
			c.units[r.Name] = append(c.units[r.Name], u)
			c.mu.Unlock()
		}
	})
}

// TestTranscoderKeepsTheSourceClock feeds an H265 source (the path RTMP
// tests cannot take with ffmpeg 5.1) far from time zero, and checks that
// every rendition frame carries the times of the source frame it was made
// from, with a key frame every second.
func TestTranscoderKeepsTheSourceClock(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	aus := h265AccessUnits(t)
	s, err := stream.New(&stream.H265{VPS: aus[0][0], SPS: aus[0][1], PPS: aus[0][2]})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l := &media.Live{ChannelID: "c1", PlaybackID: "p1", Stream: s, Ladder: true,
		Info: media.PublishInfo{Tracks: []media.TrackInfo{{Codec: "h265", Video: true, Width: 320, Height: 180}}}}
	var logs bytes.Buffer
	out := &collector{units: map[string][]*stream.Unit{}}
	tc := New(Config{FFmpeg: "ffmpeg"}, Deps{Outputs: []media.RenditionOutput{out},
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	defer tc.Close()
	tc.Attach(l)

	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	want := map[time.Duration]time.Time{}
	tr := s.Tracks()[0]
	for i, au := range aus {
		pts := 5*time.Hour + time.Duration(i)*time.Second/30
		ntp := t0.Add(time.Duration(i)*time.Second/30 + time.Duration(i%4)*time.Millisecond) // arrival jitter
		want[pts] = ntp
		s.Write(&stream.Unit{Track: tr, PTS: pts, DTS: pts, NTP: ntp, Payload: au})
	}
	var pid int
	waitFor(t, "ffmpeg to start", func() bool { pid = tc.PID("p1"); return pid != 0 })
	s.Close() // ffmpeg gets EOF, flushes and exits; the rendition ends
	waitFor(t, "the ladder to stop", func() bool { return tc.PID("p1") == 0 })
	out.wg.Wait()
	if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err == nil {
		t.Errorf("ffmpeg %d still running", pid)
	}

	if len(out.rends) != 1 || out.rends[0].Name != "160p" || out.rends[0].Width != 284 || out.rends[0].Height != 160 ||
		out.rends[0].Bitrate != 250_000 {
		t.Fatalf("renditions %+v\n%s", out.rends, logs.String())
	}
	units := out.units["160p"]
	if len(units) != len(aus) {
		t.Errorf("%d rendition frames for %d source frames", len(units), len(aus))
	}
	for i, u := range units {
		ntp, ok := want[u.PTS]
		if !ok || !u.NTP.Equal(ntp) || u.DTS != u.PTS {
			t.Fatalf("frame %d at %v/%v %v: no such source frame", i, u.PTS, u.DTS, u.NTP)
		}
		if key := (u.PTS-5*time.Hour)%time.Second == 0; u.Key != key || h264.IsRandomAccess(u.Payload) != key {
			t.Errorf("frame %d at %v: key %v", i, u.PTS, u.Key)
		}
	}
	if bytes.Contains(logs.Bytes(), []byte("level=WARN")) || !bytes.Contains(logs.Bytes(), []byte(`msg="ladder stopped"`)) {
		t.Errorf("logs:\n%s", logs.String())
	}
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
