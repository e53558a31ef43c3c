package apptest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// SampleFLV is the path of the committed test stream: 5 s of H264 640x360
// 30 fps (a key frame every second) and AAC stereo, in FLV. See
// internal/media/testdata/README.md.
func SampleFLV(t testing.TB) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(file), "..", "media", "testdata", "sample.flv")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("test sample: %v", err)
	}
	return p
}

// PublishOptions adjust Publish.
type PublishOptions struct {
	// Loops is how many more times the sample is played after the first;
	// -1 repeats it until the publisher is stopped.
	Loops int
	// File is what to publish; SampleFLV by default.
	File string
}

// Publisher is an ffmpeg process pushing a file in real time over RTMP.
type Publisher struct {
	cmd    *exec.Cmd
	done   chan struct{}
	err    error
	stderr SyncBuffer
}

// Publish starts ffmpeg publishing the sample to this server with streamKey
// (copying the codecs, at the file's own pace); it is stopped when the test
// ends. The test is skipped when ffmpeg is not installed.
func (s *Server) Publish(t testing.TB, streamKey string, opts PublishOptions) *Publisher {
	t.Helper()
	return PublishTo(t, s.RTMPURL(streamKey), opts)
}

// PublishTo is Publish to any RTMP URL.
func PublishTo(t testing.TB, url string, opts PublishOptions) *Publisher {
	t.Helper()
	ffmpeg, err := exec.LookPath("ffmpeg")
	if err != nil {
		t.Skip("ffmpeg is not installed")
	}
	if opts.File == "" {
		opts.File = SampleFLV(t)
	}
	p := &Publisher{done: make(chan struct{})}
	p.cmd = exec.Command(ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "warning",
		"-re", "-stream_loop", strconv.Itoa(opts.Loops), "-i", opts.File, "-c", "copy", "-f", "flv", url)
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start ffmpeg: %v", err)
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(p.Stop)
	return p
}

// Done is closed when ffmpeg has exited.
func (p *Publisher) Done() <-chan struct{} { return p.done }

// Err is ffmpeg's exit error (nil for success); valid after Done.
func (p *Publisher) Err() error {
	<-p.done
	return p.err
}

// Output is what ffmpeg printed.
func (p *Publisher) Output() string { return p.stderr.String() }

// Stop kills ffmpeg and waits for it; it is safe to call again.
func (p *Publisher) Stop() {
	select {
	case <-p.done:
	default:
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// WaitExit waits up to timeout for ffmpeg to exit by itself and returns its
// exit error; the test fails if it is still running.
func (p *Publisher) WaitExit(t testing.TB, timeout time.Duration) error {
	t.Helper()
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		t.Fatalf("ffmpeg still running after %v; output:\n%s", timeout, p.Output())
		return nil
	}
}
