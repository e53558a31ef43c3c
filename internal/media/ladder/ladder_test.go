package ladder

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		w, h int
		want []rendition
	}{
		{"1080p gets every rung", 1920, 1080, []rendition{
			{"720p", 1280, 720, 2_500_000}, {"480p", 854, 480, 1_200_000}, {"360p", 640, 360, 700_000}, {"160p", 284, 160, 250_000}}},
		{"720p: only rungs strictly below", 1280, 720, []rendition{
			{"480p", 854, 480, 1_200_000}, {"360p", 640, 360, 700_000}, {"160p", 284, 160, 250_000}}},
		{"portrait: the short side names the rung", 720, 1280, []rendition{
			{"480p", 480, 854, 1_200_000}, {"360p", 360, 640, 700_000}, {"160p", 160, 284, 250_000}}},
		{"4:3 keeps its aspect ratio", 1024, 768, []rendition{
			{"720p", 960, 720, 2_500_000}, {"480p", 640, 480, 1_200_000}, {"360p", 480, 360, 700_000}, {"160p", 214, 160, 250_000}}},
		{"odd sizes round to even", 1366, 767, []rendition{
			{"720p", 1282, 720, 2_500_000}, {"480p", 854, 480, 1_200_000}, {"360p", 642, 360, 700_000}, {"160p", 284, 160, 250_000}}},
		{"360p source", 640, 360, []rendition{{"160p", 284, 160, 250_000}}},
		{"too small for any", 284, 160, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := plan(tc.w, tc.h, Standard)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(rendition{})); diff != "" {
				t.Errorf("plan(%d, %d) (-want +got):\n%s", tc.w, tc.h, diff)
			}
		})
	}
}

func TestClockMapsOutputBackToTheSource(t *testing.T) {
	t.Parallel()
	var c clock
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	// A source 27 hours in, so its MPEG-TS times wrap (33 bits at 90 kHz
	// is 26.5 hours), with B-frames (PTS after DTS).
	first := 27 * time.Hour
	c.start(first - lead)
	type frame struct {
		pts, dts time.Duration
		ntp      time.Time
		ts       int64
	}
	var frames []frame
	for i := range 2 * clockSize {
		dts := first + time.Duration(i)*time.Second/30
		pts := dts + 2*time.Second/30
		ntp := t0.Add(dts + time.Duration(i%3)*time.Millisecond) // arrival jitter
		ts, tsDTS := c.add(pts, dts, ntp)
		if ts < 0 || ts > tsMask || tsDTS < 0 || tsDTS > tsMask {
			t.Fatalf("frame %d written at %d/%d, outside 33 bits", i, ts, tsDTS)
		}
		frames = append(frames, frame{pts, dts, ntp, ts})
	}
	// ffmpeg's frames keep their input's times; without B-frames DTS = PTS.
	for _, f := range frames[clockSize:] {
		pts, dts, ntp := c.at(f.ts, f.ts)
		if pts != f.pts || dts != f.pts || !ntp.Equal(f.ntp) {
			t.Fatalf("at(%d) = %v %v %v, want %v %v %v", f.ts, pts, dts, ntp, f.pts, f.pts, f.ntp)
		}
	}
	// The oldest frames are forgotten: they are placed from the newest.
	last := frames[len(frames)-1]
	old := frames[0]
	pts, _, ntp := c.at(old.ts, old.ts)
	if pts != old.pts || !ntp.Equal(last.ntp.Add(old.pts-last.pts)) {
		t.Errorf("forgotten frame at %v %v, want %v", pts, ntp, old.pts)
	}
	// An output DTS before its PTS keeps the distance.
	f := frames[len(frames)-5]
	if _, dts, _ := c.at(f.ts, (f.ts-3000)&tsMask); dts != f.pts-3000*time.Second/90000 {
		t.Errorf("dts = %v", dts)
	}
}

func TestFFmpegArgs(t *testing.T) {
	t.Parallel()
	args := strings.Join(ffmpegArgs(plan(1280, 720, Standard), time.Second), " ")
	for _, want := range []string{
		"-f mpegts -i pipe:0 -copyts",
		"-map 0:v:0 -vf scale=854:480 -c:v libx264 -preset veryfast -tune zerolatency",
		"-b:v 1200k -maxrate 1200k -bufsize 1200k -bf 0",
		"-force_key_frames expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+0.999))",
		"-fps_mode passthrough -enc_time_base -1",
		"-muxdelay 0 -muxpreload 0 -flush_packets 1 -f mpegts pipe:3",
		"scale=640:360", "pipe:4", "scale=284:160", "-b:v 250k", "pipe:5",
	} {
		if !strings.Contains(args, want) {
			t.Errorf("ffmpeg arguments lack %q:\n%s", want, args)
		}
	}
	if strings.Contains(args, "pipe:6") || strings.Contains(args, "-c:a") {
		t.Errorf("unexpected outputs:\n%s", args)
	}
}
