package ladder

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/h264"
	"github.com/bluenviron/mediacommon/v2/pkg/formats/mpegts"
	tscodecs "github.com/bluenviron/mediacommon/v2/pkg/formats/mpegts/codecs"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/ffmpeg"
	"github.com/onair/onair/internal/media/stream"
)

type jobConfig struct {
	ffmpeg      string
	keyInterval time.Duration
	queue       int
}

// job is one live stream's ladder: one ffmpeg process, fed the source video
// on stdin, writing each rendition on a pipe of its own.
type job struct {
	live    *media.Live
	src     *stream.Track
	outputs []media.RenditionOutput
	log     *slog.Logger

	reader *stream.Reader
	ctx    context.Context
	cancel context.CancelFunc
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	outs   []*output
	clock  clock
	stderr ffmpeg.Tail
	pid    atomic.Int64
}

// output is one rendition's pipe from ffmpeg.
type output struct {
	rendition
	r, w *os.File
}

// stopGrace is how long ffmpeg may take to exit once its input has ended
// before it is killed.
const stopGrace = 3 * time.Second

func newJob(cfg jobConfig, l *media.Live, src *stream.Track, rs []rendition, outputs []media.RenditionOutput, log *slog.Logger) (*job, error) {
	rd, err := l.Stream.AddReader("ladder", cfg.queue)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{live: l, src: src, outputs: outputs, log: log, reader: rd, ctx: ctx, cancel: cancel}
	fail := func(err error) (*job, error) {
		j.abort()
		return nil, err
	}
	j.cmd = exec.CommandContext(ctx, cfg.ffmpeg, ffmpegArgs(rs, cfg.keyInterval)...)
	j.cmd.Stderr = &j.stderr
	j.cmd.WaitDelay = time.Second
	if j.stdin, err = j.cmd.StdinPipe(); err != nil {
		return fail(err)
	}
	for _, r := range rs {
		pr, pw, err := os.Pipe()
		if err != nil {
			return fail(err)
		}
		j.outs = append(j.outs, &output{rendition: r, r: pr, w: pw})
		j.cmd.ExtraFiles = append(j.cmd.ExtraFiles, pw) // pipe:3, pipe:4...
	}
	return j, nil
}

// ffmpegArgs reads MPEG-TS video on stdin and writes one MPEG-TS H264
// output per rendition on pipe:3 onwards. The outputs keep the input's
// timestamps exactly (-copyts, the input's time base, no frame added or
// dropped), so they map back to the source's clock; key frames come every
// keyInterval (less a millisecond, for timestamps rounded to it).
func ffmpegArgs(rs []rendition, keyInterval time.Duration) []string {
	a := []string{"-hide_banner", "-nostats", "-loglevel", "error",
		"-probesize", "32", "-analyzeduration", "0", "-f", "mpegts", "-i", "pipe:0", "-copyts"}
	key := fmt.Sprintf("expr:if(isnan(prev_forced_t),1,gte(t,prev_forced_t+%.3f))", max(keyInterval-time.Millisecond, 0).Seconds())
	for i, r := range rs {
		rate := strconv.Itoa(r.bitrate/1000) + "k"
		a = append(a, "-map", "0:v:0", "-vf", fmt.Sprintf("scale=%d:%d", r.width, r.height),
			"-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
			"-b:v", rate, "-maxrate", rate, "-bufsize", rate, "-bf", "0", "-sc_threshold", "0",
			"-force_key_frames", key, "-fps_mode", "passthrough", "-enc_time_base", "-1",
			"-an", "-sn", "-dn", "-muxdelay", "0", "-muxpreload", "0", "-flush_packets", "1",
			"-f", "mpegts", "pipe:"+strconv.Itoa(3+i))
	}
	return a
}

// abort releases a job that never ran.
func (j *job) abort() {
	j.cancel()
	j.reader.Close()
	if j.stdin != nil {
		j.stdin.Close()
	}
	for _, o := range j.outs {
		o.r.Close()
		o.w.Close()
	}
}

// stop ends the ladder early (the transcoder is closing): ffmpeg is killed.
func (j *job) stop() {
	j.cancel()
	j.reader.Close()
}

// run starts ffmpeg and copies media through it until the stream ends or
// ffmpeg exits; then ffmpeg is waited for and every rendition has ended.
func (j *job) run() {
	err := j.cmd.Start()
	for _, o := range j.outs {
		o.w.Close() // ffmpeg has its own copy
	}
	if err != nil {
		j.abort()
		j.log.Warn(fallback, "reason", "ffmpeg did not start", "err", err)
		return
	}
	j.pid.Store(int64(j.cmd.Process.Pid))
	names := make([]string, len(j.outs))
	for i, o := range j.outs {
		names[i] = o.name
	}
	j.log.Info("ladder started", "renditions", names, "pid", j.cmd.Process.Pid)

	var wg sync.WaitGroup
	for _, o := range j.outs {
		wg.Go(func() { j.read(o) })
	}
	fed := make(chan struct{})
	exited := make(chan struct{})
	wg.Go(func() {
		defer close(fed)
		j.feed()
	})
	wg.Go(func() {
		// Once the input has ended, ffmpeg flushes and exits by itself;
		// one that does not is killed.
		select {
		case <-exited:
		case <-fed:
			t := time.NewTimer(stopGrace)
			defer t.Stop()
			select {
			case <-exited:
			case <-t.C:
				j.cancel()
			}
		}
	})
	err = j.cmd.Wait()
	close(exited)
	j.reader.Close() // ends feed if ffmpeg died first
	wg.Wait()
	stopped := j.ctx.Err() != nil
	j.cancel()
	select {
	case <-j.live.Stream.Done():
		j.log.Info("ladder stopped", "pid", j.pid.Load())
	default:
		if stopped {
			j.log.Info("ladder stopped", "pid", j.pid.Load())
			return
		}
		// Never the stream key: ffmpeg only ever sees pipes.
		j.log.Warn("ladder failed: ffmpeg exited, its renditions are dropped", "err", err, "ffmpeg", j.stderr.String())
	}
}

// lead keeps MPEG-TS times (and the PCR ffmpeg derives from them) clear of
// zero: the first unit is written at 10 s.
const lead = 10 * time.Second

// feed writes the source video to ffmpeg as MPEG-TS until the stream ends,
// the job stops or ffmpeg stops reading; then it closes ffmpeg's stdin.
func (j *job) feed() {
	defer j.stdin.Close()
	defer j.recoverPanic("feed")
	bw := bufio.NewWriterSize(j.stdin, 64<<10)
	track := &mpegts.Track{Codec: &tscodecs.H264{}}
	_, h265 := j.src.Codec.(*stream.H265)
	if h265 {
		track.Codec = &tscodecs.H265{}
	}
	w := &mpegts.Writer{W: bw, Tracks: []*mpegts.Track{track}}
	if err := w.Initialize(); err != nil {
		j.log.Error("ladder: mpeg-ts writer", "err", err)
		return
	}
	started := false
	for u := range j.reader.Units() {
		if u.Track != j.src {
			continue
		}
		if !started {
			j.clock.start(u.DTS - lead)
			started = true
		}
		pts, dts := j.clock.add(u.PTS, u.DTS, u.NTP)
		var err error
		if h265 {
			err = w.WriteH265(track, pts, dts, u.Payload)
		} else {
			err = w.WriteH264(track, pts, dts, u.Payload)
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return // ffmpeg is gone; run reports it
		}
	}
}

// read turns one of ffmpeg's outputs into a rendition stream, announced to
// the outputs with its first key frame; the stream ends with the pipe.
func (j *job) read(o *output) {
	var s *stream.Stream
	defer func() {
		if s != nil {
			s.Close()
		}
		_, _ = io.Copy(io.Discard, o.r) // never let ffmpeg block on a pipe nobody reads
		o.r.Close()
	}()
	defer j.recoverPanic("read " + o.name)
	r := &mpegts.Reader{R: bufio.NewReaderSize(o.r, 64<<10)}
	if err := r.Initialize(); err != nil {
		return // ffmpeg exited before writing anything
	}
	var track *mpegts.Track
	for _, t := range r.Tracks() {
		if _, ok := t.Codec.(*tscodecs.H264); ok {
			track = t
		}
	}
	if track == nil {
		j.log.Error("ladder: ffmpeg output has no H264 track", "rendition", o.name)
		return
	}
	var tr *stream.Track
	r.OnDataH264(track, func(pts, dts int64, au [][]byte) error {
		if s == nil {
			var err error
			if s, err = j.announce(o, au); s == nil {
				return err
			}
			tr = s.Tracks()[0]
		}
		p, d, ntp := j.clock.at(pts, dts)
		s.Write(&stream.Unit{Track: tr, PTS: p, DTS: d, NTP: ntp, Payload: au})
		return nil
	})
	for {
		if err := r.Read(); err != nil {
			return
		}
	}
}

// announce creates a rendition's stream from its first key frame and hands
// it to the outputs; before a key frame with its parameter sets it returns
// nil and the unit is skipped.
func (j *job) announce(o *output, au [][]byte) (*stream.Stream, error) {
	if !h264.IsRandomAccess(au) {
		return nil, nil
	}
	var sps, pps []byte
	for _, n := range au {
		switch h264.NALUType(n[0] & 0x1f) {
		case h264.NALUTypeSPS:
			sps = n
		case h264.NALUTypePPS:
			pps = n
		}
	}
	var p h264.SPS
	if sps == nil || pps == nil || p.Unmarshal(sps) != nil {
		return nil, nil
	}
	s, err := stream.New(&stream.H264{SPS: bytes.Clone(sps), PPS: bytes.Clone(pps)})
	if err != nil {
		return nil, err
	}
	r := &media.Rendition{Name: o.name, Width: p.Width(), Height: p.Height(), Bitrate: o.bitrate, Stream: s}
	j.log.Debug("rendition started", "rendition", r.Name, "width", r.Width, "height", r.Height)
	for _, out := range j.outputs {
		out.AttachRendition(j.live, r)
	}
	return s, nil
}

func (j *job) recoverPanic(where string) {
	if p := recover(); p != nil {
		j.log.Error("ladder panicked", "in", where, "panic", p, "stack", string(debug.Stack()))
		j.cancel()
	}
}
