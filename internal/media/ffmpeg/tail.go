// Package ffmpeg holds what Onair's ffmpeg subprocesses (the WHEP audio
// transcoder, the STANDARD ladder) share.
package ffmpeg

import (
	"bytes"
	"strings"
	"sync"
)

// Tail keeps the end of a process's error output for the logs: ffmpeg
// explains a failure in its last lines.
type Tail struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *Tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if t.buf.Len() > 4096 {
		b := bytes.Clone(t.buf.Bytes()[t.buf.Len()-2048:])
		t.buf.Reset()
		t.buf.Write(b)
	}
	return len(p), nil
}

// String returns what was kept.
func (t *Tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(t.buf.String())
}
