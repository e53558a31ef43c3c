package media_test

// The STANDARD channel type's ladder, end to end: RTMP in, ffmpeg
// transcoding, renditions out as LL-HLS variants.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bluenviron/gohlslib/v2/pkg/playlist"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

// source720p writes a few seconds of 1280x720 30 fps H264 (B-frames, a key
// frame every second) and AAC to an FLV file.
func source720p(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	file := filepath.Join(t.TempDir(), "720p.flv")
	gen := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "6", "-map", "0:v", "-map", "1:a",
		"-c:v", "libx264", "-preset", "ultrafast", "-bf", "2", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
		"-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", file)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generate the source: %v\n%s", err, out)
	}
	return file
}

// variants reads a multivariant playlist.
func variants(t *testing.T, body string) *playlist.Multivariant {
	t.Helper()
	var mv playlist.Multivariant
	if err := mv.Unmarshal([]byte(body)); err != nil {
		t.Fatalf("multivariant playlist: %v\n%s", err, body)
	}
	return &mv
}

// programDateTimes are the EXT-X-PROGRAM-DATE-TIMEs of a media playlist.
func programDateTimes(t *testing.T, body string) []time.Time {
	t.Helper()
	var out []time.Time
	for _, m := range regexp.MustCompile(`#EXT-X-PROGRAM-DATE-TIME:(\S+)`).FindAllStringSubmatch(body, -1) {
		p, err := time.Parse(time.RFC3339Nano, m[1])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// firstSegmentEnd is when the stream's first segment ends, if a media
// playlist still lists it (after the gaps gohlslib starts with).
func firstSegmentEnd(t *testing.T, body string) time.Time {
	t.Helper()
	var m playlist.Media
	if err := m.Unmarshal([]byte(body)); err != nil {
		t.Fatalf("media playlist: %v\n%s", err, body)
	}
	if len(m.Segments) == 0 || !m.Segments[0].Gap {
		return time.Time{}
	}
	for _, seg := range m.Segments {
		if !seg.Gap {
			if seg.DateTime == nil {
				return time.Time{}
			}
			return seg.DateTime.Add(seg.Duration)
		}
	}
	return time.Time{}
}

func processExists(pid int) bool {
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

func TestStandardChannelLadder(t *testing.T) {
	t.Parallel()
	src := source720p(t)
	s := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) { c.ChannelType = "STANDARD" }})
	ch := streamer(t, s, "standard")
	pub := s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{File: src, Loops: -1})
	start := time.Now()

	// Every request carries one session, as a player's would: one viewer.
	const session = "ladderviewer"
	base := s.URL + "/hls/" + ch.PlaybackID + "/"
	index := base + "index.m3u8?session=" + session
	var mv *playlist.Multivariant
	var body string
	deadline := time.Now().Add(40 * time.Second)
	for {
		r := get(t, index)
		if r.status == 200 {
			if body, mv = r.body, variants(t, r.body); len(mv.Variants) == 4 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no 4 variants: %d\n%s\n%s", r.status, r.body, s.Logs.String())
		}
		time.Sleep(200 * time.Millisecond)
	}

	t.Logf("every variant listed %v after the publisher started:\n%s", time.Since(start).Round(time.Millisecond), body)

	// The source (with the audio) first, then 480p, 360p and 160p; no
	// 720p, which would not be below the source. All share the audio.
	want := []struct{ uri, resolution, name string }{
		{"video1_stream.m3u8", "1280x720", "720p (source)"},
		{"480p/video1_stream.m3u8", "854x480", "480p"},
		{"360p/video1_stream.m3u8", "640x360", "360p"},
		{"160p/video1_stream.m3u8", "284x160", "160p"},
	}
	if len(mv.Renditions) != 1 || mv.Renditions[0].URI == nil || !strings.HasSuffix(*mv.Renditions[0].URI, "?session="+session) {
		t.Fatalf("audio rendition: %+v\n%s", mv.Renditions, body)
	}
	for i, v := range mv.Variants {
		w := want[i]
		if v.URI != w.uri+"?session="+session || v.Resolution != w.resolution || v.Audio != mv.Renditions[0].GroupID ||
			v.Bandwidth <= 0 || v.FrameRate == nil || *v.FrameRate != 30 || !strings.Contains(body, `NAME="`+w.name+`"`) {
			t.Errorf("variant %d = %+v, want %+v", i, v, w)
		}
		if len(v.Codecs) != 2 || !strings.HasPrefix(v.Codecs[0], "avc1.") || v.Codecs[1] != "mp4a.40.2" {
			t.Errorf("variant %d codecs %v", i, v.Codecs)
		}
	}
	if mv.Variants[1].Bandwidth <= mv.Variants[3].Bandwidth {
		t.Errorf("480p at %d bit/s, 160p at %d", mv.Variants[1].Bandwidth, mv.Variants[3].Bandwidth)
	}
	pid := s.App.Ladder.PID(ch.PlaybackID)
	if pid == 0 || !processExists(pid) {
		t.Fatalf("no ffmpeg process (%d) while live", pid)
	}

	// A rendition plays on its own: H264 at its size, with absolute times.
	got := readHLS(t, base+"360p/video1_stream.m3u8?session="+session, 45, 0)
	if got.width != 640 || got.height != 360 || got.idr == 0 || !got.absTime {
		t.Errorf("360p read %+v", got)
	}
	// Renditions are on the source's clock: cut at the same key frames,
	// their segments have the PROGRAM-DATE-TIMEs of the source's. All but
	// within the source's first segment, which starts at the publisher's
	// first frame and runs to the first key frame a whole segment later: it
	// may span a key frame the renditions (which start later) cut at.
	srcBody := get(t, base+"video1_stream.m3u8?session="+session).body
	srcPDT := programDateTimes(t, srcBody)
	firstEnd := firstSegmentEnd(t, srcBody)
	rend := get(t, base+"480p/video1_stream.m3u8?session="+session)
	common := 0
	for _, p := range programDateTimes(t, rend.body) {
		switch {
		case slices.ContainsFunc(srcPDT, p.Equal):
			common++
		case len(srcPDT) > 0 && p.After(srcPDT[0]) && p.After(firstEnd) && p.Before(srcPDT[len(srcPDT)-1]):
			t.Errorf("480p has a segment at %v, the source none", p)
		}
	}
	if common == 0 {
		t.Errorf("no PROGRAM-DATE-TIME shared by the source (%v) and 480p:\n%s", srcPDT, rend.body)
	}
	if n := s.App.HLS.Viewers(ch.PlaybackID); n != 1 {
		t.Errorf("Viewers = %d, want the one session across variants", n)
	}
	if l, err := s.App.Media.ByPlaybackID(ch.PlaybackID); err != nil || len(l.Info.Tracks) != 2 || l.Info.Tracks[0].Width != 1280 {
		t.Errorf("live info = %+v, %v: the ingest figures are the source's", l, err)
	}

	// The stream ends: ffmpeg exits and every playlist answers 404.
	pub.Stop()
	waitStatus(t, index, 404, 10*time.Second)
	for _, p := range []string{"480p/video1_stream.m3u8", "160p/index.m3u8"} {
		if r := get(t, base+p); r.status != 404 {
			t.Errorf("%s after the stream: %d", p, r.status)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); processExists(pid) || s.App.Ladder.PID(ch.PlaybackID) != 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("ffmpeg %d still running after the stream ended", pid)
		}
	}
	logs := s.Logs.String()
	if !strings.Contains(logs, `msg="ladder started" component=ladder channel_id=`+ch.ChannelID+` renditions="[480p 360p 160p]"`) ||
		!strings.Contains(logs, `msg="ladder stopped" component=ladder channel_id=`+ch.ChannelID) || strings.Contains(logs, "ladder failed") {
		t.Errorf("ladder logs:\n%s", logs)
	}
	noSecrets(t, s, ch.StreamKeyValue)
}

func TestStandardChannelWithoutFFmpegIsPassThrough(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "ffmpeg")
	s := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.ChannelType = "STANDARD"
		c.Media.FFmpeg = missing
	}})
	ch := streamer(t, s, "standard")
	s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	mv := waitStatus(t, playlistURL(s, ch.PlaybackID), 200, 30*time.Second)
	if n := strings.Count(mv.body, "#EXT-X-STREAM-INF"); n != 1 || strings.Contains(mv.body, "p/video") {
		t.Errorf("multivariant playlist of a pass-through stream:\n%s", mv.body)
	}
	if got := readHLS(t, playlistURL(s, ch.PlaybackID), 30, 30); got.width != 640 || got.height != 360 {
		t.Errorf("read %+v", got)
	}
	want := `level=WARN msg="STANDARD channel falls back to pass-through" component=ladder channel_id=` + ch.ChannelID +
		` reason="ffmpeg not found" ffmpeg=` + missing
	if logs := s.Logs.String(); strings.Count(logs, want) != 1 {
		t.Errorf("logs lack, once, %s:\n%s", want, logs)
	}
	if pid := s.App.Ladder.PID(ch.PlaybackID); pid != 0 {
		t.Errorf("ladder process %d", pid)
	}
}

func TestLadderFailureDropsRenditions(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	s := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) { c.ChannelType = "STANDARD" }})
	ch := streamer(t, s, "standard")
	s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1}) // 640x360: a 160p rendition
	index := playlistURL(s, ch.PlaybackID)
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(get(t, index).body, "160p/video1_stream.m3u8"); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no 160p rendition:\n%s", get(t, index).body)
		}
	}
	pid := s.App.Ladder.PID(ch.PlaybackID)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		r := get(t, index)
		if r.status == 200 && strings.Count(r.body, "#EXT-X-STREAM-INF") == 1 && !strings.Contains(r.body, "160p") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the rendition is still listed: %d\n%s", r.status, r.body)
		}
	}
	if r := get(t, s.URL+"/hls/"+ch.PlaybackID+"/160p/video1_stream.m3u8"); r.status != 404 {
		t.Errorf("160p after ffmpeg died: %d", r.status)
	}
	if got := readHLS(t, index, 30, 30); got.width != 640 {
		t.Errorf("the source after ffmpeg died: %+v", got)
	}
	want := `level=WARN msg="ladder failed: ffmpeg exited, its renditions are dropped" component=ladder channel_id=` + ch.ChannelID + ` err="signal: killed"`
	if !strings.Contains(s.Logs.String(), want) || processExists(pid) || s.App.Ladder.PID(ch.PlaybackID) != 0 {
		t.Errorf("logs lack %s:\n%s", want, s.Logs.String())
	}
	noSecrets(t, s, ch.StreamKeyValue)
}

// TestLadderFailureLogsFFmpegErrors: an ffmpeg that fails at once leaves
// the stream pass-through, and what it printed reaches the log.
func TestLadderFailureLogsFFmpegErrors(t *testing.T) {
	t.Parallel()
	fake := filepath.Join(t.TempDir(), "ffmpeg")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.ChannelType = "STANDARD"
		c.Media.FFmpeg = fake
	}})
	ch := streamer(t, s, "standard")
	s.Publish(t, ch.StreamKeyValue, apptest.PublishOptions{Loops: -1})
	mv := waitStatus(t, playlistURL(s, ch.PlaybackID), 200, 30*time.Second)
	if strings.Count(mv.body, "#EXT-X-STREAM-INF") != 1 {
		t.Errorf("multivariant playlist:\n%s", mv.body)
	}
	want := `msg="ladder failed: ffmpeg exited, its renditions are dropped" component=ladder channel_id=` + ch.ChannelID +
		` err="exit status 1" ffmpeg="Unknown encoder libx264"`
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(s.Logs.String(), want); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("logs lack %s:\n%s", want, s.Logs.String())
		}
	}
	noSecrets(t, s, ch.StreamKeyValue)
}
