package whep

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os/exec"
	"runtime/debug"
	"sync"
	"time"

	"github.com/bluenviron/mediacommon/v2/pkg/codecs/mpeg4audio"
	"github.com/bluenviron/mediacommon/v2/pkg/codecs/opus"
	"github.com/pion/webrtc/v4/pkg/media/oggreader"

	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/ffmpeg"
	"github.com/onair/onair/internal/media/stream"
)

// transcoder turns a live stream's AAC into Opus for WHEP viewers (browsers
// cannot decode AAC over WebRTC): one ffmpeg process per stream, started by
// its first viewer and shared by all of them, stopped with the stream or
// when its last viewer leaves. Its Opus units go out through a stream of
// their own, so each viewer reads them through a bounded queue like any
// other reader.
//
// ffmpeg reads ADTS on stdin and writes Ogg Opus on stdout, one 20 ms
// packet per page; granule positions map the packets back to the source's
// clock, so audio stays aligned with the video whatever ffmpeg's latency.
type transcoder struct {
	live *media.Live
	src  *stream.Track
	cfg  mpeg4audio.AudioSpecificConfig
	out  *stream.Stream
	log  *slog.Logger

	// users is guarded by the server's lock.
	users  int
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	reader *stream.Reader
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout io.Reader
	stderr ffmpeg.Tail

	// first is the PTS of the first AAC unit fed, ffmpeg's time zero.
	mu      sync.Mutex
	first   time.Duration
	started bool
	fed     time.Duration // audio written to ffmpeg
	skipped uint64
}

// maxGap is how far the AAC input may stray from ffmpeg's timeline before
// the output is realigned.
const maxGap = 100 * time.Millisecond

func newTranscoder(ffmpeg string, l *media.Live, src *stream.Track, queue int, log *slog.Logger) (*transcoder, error) {
	c, ok := src.Codec.(*stream.MPEG4Audio)
	if !ok {
		return nil, errors.New("not an AAC track")
	}
	out, err := stream.New(&stream.Opus{ChannelCount: 2})
	if err != nil {
		return nil, err
	}
	rd, err := l.Stream.AddReader("whep-aac", queue)
	if err != nil {
		out.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &transcoder{live: l, src: src, cfg: c.Config, out: out, log: log, ctx: ctx, cancel: cancel, done: make(chan struct{}), reader: rd}
	t.cmd = exec.CommandContext(ctx, ffmpeg, "-hide_banner", "-nostats", "-loglevel", "error",
		"-fflags", "+nobuffer", "-probesize", "32", "-analyzeduration", "0",
		"-f", "aac", "-i", "pipe:0",
		"-vn", "-c:a", "libopus", "-b:a", "96k", "-ar", "48000", "-ac", "2", "-frame_duration", "20",
		"-flush_packets", "1", "-page_duration", "20000", "-f", "ogg", "pipe:1")
	t.cmd.Stderr = &t.stderr
	t.cmd.WaitDelay = 2 * time.Second
	t.stdin, err = t.cmd.StdinPipe()
	if err != nil {
		cancel()
		rd.Close()
		out.Close()
		return nil, err
	}
	t.stdout, err = t.cmd.StdoutPipe()
	if err != nil {
		cancel()
		rd.Close()
		out.Close()
		return nil, err
	}
	if err := t.cmd.Start(); err != nil {
		cancel()
		rd.Close()
		out.Close()
		return nil, fmt.Errorf("start ffmpeg: %w", err)
	}
	return t, nil
}

// stop ends the transcoder early (its last viewer left).
func (t *transcoder) stop() {
	t.cancel()
	t.reader.Close()
}

// run copies media through ffmpeg until the stream ends or the
// transcoder stops; the caller owns the goroutine.
func (t *transcoder) run() {
	defer close(t.done)
	var wg sync.WaitGroup
	wg.Go(func() { t.feed(t.stdin) })
	wg.Go(func() { t.drain(t.stdout) })
	wg.Wait()
	err := t.cmd.Wait()
	t.out.Close()
	t.reader.Close()
	select {
	case <-t.live.Stream.Done(): // the stream ended: a normal stop
	case <-t.ctx.Done(): // its last viewer left
	default:
		t.log.Warn("aac to opus transcoder failed: WebRTC viewers get no sound", "err", err, "ffmpeg", t.stderr.String())
	}
}

// feed writes the stream's AAC units to ffmpeg as ADTS until the stream
// ends or the transcoder stops.
func (t *transcoder) feed(stdin io.WriteCloser) {
	defer stdin.Close()
	defer t.recoverPanic()
	for u := range t.reader.Units() {
		if u.Track != t.src {
			continue
		}
		pkts := make(mpeg4audio.ADTSPackets, 0, len(u.Payload))
		for _, au := range u.Payload {
			pkts = append(pkts, &mpeg4audio.ADTSPacket{Type: t.cfg.Type, SampleRate: t.cfg.SampleRate,
				ChannelConfig: t.cfg.ChannelConfig, AU: au})
		}
		b, err := pkts.Marshal()
		if err != nil {
			continue
		}
		t.mu.Lock()
		expected := t.first + t.fed
		switch gap := u.PTS - expected; {
		case !t.started:
			t.first, t.started = u.PTS, true
		case gap > maxGap || gap < -maxGap:
			// Units were lost (or the source jumped): ffmpeg's timeline
			// runs on, so move its zero to keep the output aligned.
			t.first += gap
		}
		t.fed += time.Duration(len(u.Payload)) * mpeg4audio.SamplesPerAccessUnit * time.Second / time.Duration(t.cfg.SampleRate)
		t.mu.Unlock()
		if _, err := stdin.Write(b); err != nil {
			return
		}
	}
}

// drain reads ffmpeg's Ogg Opus and writes it into the Opus stream.
func (t *transcoder) drain(stdout io.Reader) {
	defer func() { _, _ = io.Copy(io.Discard, stdout) }()
	defer t.recoverPanic()
	ogg, head, err := oggreader.NewWith(stdout)
	if err != nil {
		return
	}
	tr := t.out.Tracks()[0]
	for {
		page, hdr, err := ogg.ParseNextPage()
		if err != nil {
			return
		}
		if _, isHeader := hdr.HeaderType(page); isHeader || len(page) == 0 {
			continue
		}
		// One packet per page: the granule position is its end.
		dur := opus.PacketDuration2(page)
		end := int64(hdr.GranulePosition) - int64(head.PreSkip)
		if dur <= 0 || end-dur < 0 {
			t.skipped++ // pre-skip (encoder priming) or garbage
			continue
		}
		t.mu.Lock()
		first := t.first
		t.mu.Unlock()
		pts := first + time.Duration(end-dur)*time.Second/48000
		t.out.Write(&stream.Unit{Track: tr, PTS: pts, DTS: pts, NTP: time.Now(), Payload: [][]byte{page}})
	}
}

func (t *transcoder) recoverPanic() {
	if p := recover(); p != nil {
		t.log.Error("aac to opus transcoder panicked", "panic", p, "stack", string(debug.Stack()))
		t.cancel()
	}
}
