package app_test

import (
	"context"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
)

// sampleVideoBitrate is the committed sample's video bitrate in bit/s, from
// ffprobe's packet sizes over its duration.
func sampleVideoBitrate(t *testing.T, file string) float64 {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "packet=size,pts_time",
		"-of", "csv=p=0", file).Output()
	if err != nil {
		t.Fatalf("ffprobe: %v", err)
	}
	var bytes, last float64
	for _, line := range strings.Fields(string(out)) {
		f := strings.Split(line, ",")
		pts, _ := strconv.ParseFloat(f[0], 64)
		size, _ := strconv.ParseFloat(f[1], 64)
		bytes += size
		last = max(last, pts)
	}
	return bytes * 8 / (last + 1.0/30)
}

func TestRTMPPublishRecordsSessionEventsAndMetrics(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("ffprobe"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	ctx := context.Background()
	srv := apptest.Start(t, apptest.Options{})
	owner := srv.SignedIn(t, "streamer")
	own, err := owner.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	viewer := srv.Client()

	// An 18 s stream in one piece: looping the short sample would put a
	// timestamp seam into a window.
	file := t.TempDir() + "/long.flv"
	gen := exec.Command("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
		"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "18", "-map", "0:v", "-map", "1:a",
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
		"-c:a", "aac", "-b:a", "64k", "-ac", "2", "-f", "flv", file)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generate stream: %v\n%s", err, out)
	}
	pub := srv.Publish(t, own.StreamKeyValue, apptest.PublishOptions{File: file})
	waitFor(t, 10*time.Second, "channel live", func() bool {
		p, err := viewer.PublicChannel(ctx, "streamer")
		return err == nil && p.IsLive
	})
	p, _ := viewer.PublicChannel(ctx, "streamer")
	if p.IngestConfiguration == nil || p.IngestConfiguration.Video.VideoWidth != 640 || p.IngestConfiguration.Video.VideoHeight != 360 {
		t.Errorf("public ingest configuration = %+v", p.IngestConfiguration)
	}
	if st, err := owner.LiveStatus(ctx); err != nil || !st.IsBroadcasting {
		t.Errorf("live status = %+v, %v", st, err)
	}
	if err := pub.WaitExit(t, 30*time.Second); err != nil {
		t.Fatalf("ffmpeg: %v\n%s", err, pub.Output())
	}
	waitFor(t, 10*time.Second, "channel offline", func() bool {
		p, err := viewer.PublicChannel(ctx, "streamer")
		return err == nil && !p.IsLive && p.IngestConfiguration == nil
	})

	sess, err := srv.App.Health.Latest(ctx, channel.ID(own.ChannelID))
	if err != nil {
		t.Fatal(err)
	}
	if sess.EndTime.IsZero() || sess.IsLive() || !sess.IsHealthy || sess.HasErrorEvent {
		t.Errorf("session after the stream = %+v", sess)
	}
	wantIngest := health.IngestConfiguration{
		Video: health.VideoConfig{Codec: "H264", Width: 640, Height: 360, TargetFramerate: 30, Encoder: sess.Ingest.Video.Encoder},
		Audio: health.AudioConfig{Codec: "AAC", SampleRate: 44100, Channels: 2, TargetBitrate: sess.Ingest.Audio.TargetBitrate},
	}
	if diff := cmp.Diff(wantIngest, sess.Ingest); diff != "" {
		t.Errorf("ingest configuration (-want +got):\n%s", diff)
	}
	events, _ := srv.App.Health.Events(ctx, sess.ID)
	var names []string
	for _, e := range events {
		names = append(names, e.Name)
	}
	if diff := cmp.Diff([]string{health.SessionCreated, health.StreamStart, health.StreamEnd, health.SessionEnded}, names); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}

	samples, err := srv.App.Health.Samples(ctx, sess.ID, sess.StartTime, sess.EndTime.Add(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	// Judge the windows the stream covered whole.
	var whole []health.Sample
	for _, s := range samples {
		if !s.Time.Add(-5*time.Second).Before(sess.StartTime) && !s.Time.After(sess.EndTime) {
			whole = append(whole, s)
		}
	}
	if len(whole) < 2 {
		t.Fatalf("%d whole 5 s windows in 18 s of stream: %+v", len(whole), samples)
	}
	want := sampleVideoBitrate(t, file)
	for _, s := range whole {
		if math.Abs(s.Framerate-30) > 0.01 {
			t.Errorf("sample at %v: frame rate %.3f, want 30", s.Time, s.Framerate)
		}
		if math.Abs(s.KeyframeInterval-1) > 0.01 {
			t.Errorf("sample at %v: keyframe interval %.3f s, want 1", s.Time, s.KeyframeInterval)
		}
		if math.Abs(s.VideoBitrate-want) > 0.2*want {
			t.Errorf("sample at %v: video bitrate %.0f, want %.0f +-20%%", s.Time, s.VideoBitrate, want)
		}
		if s.Time.UnixMilli()%5000 != 0 {
			t.Errorf("sample at %v is off the 5 s grid", s.Time)
		}
	}
}

func waitFor(t *testing.T, timeout time.Duration, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
