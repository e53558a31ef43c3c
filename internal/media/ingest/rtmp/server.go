// Package rtmp is Onair's RTMP ingest: encoders publish to
// rtmp://host:port/live/<streamKey>; the stream key is checked through the
// media registry and the publisher's H264/H265/AV1/VP9 video and AAC/Opus
// audio are written into a live stream. RTMP playback is not offered.
package rtmp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
	"sync"
	"time"

	"github.com/onair/onair/internal/media"
)

// Config tunes the ingest server.
type Config struct {
	// Timeout bounds the handshake and every read and write; a publisher
	// silent for this long is dropped. Defaults to 10s.
	Timeout time.Duration
}

// Admitter is what the ingest needs from the media registry.
type Admitter interface {
	Admit(ctx context.Context, req media.AdmitRequest) (*media.Publisher, error)
}

// Deps are the server's collaborators.
type Deps struct {
	Admitter Admitter
	Log      *slog.Logger
	// Now stamps units with their time of receipt; defaults to time.Now.
	Now func() time.Time
}

// Server accepts RTMP publishers.
type Server struct {
	cfg   Config
	admit Admitter
	log   *slog.Logger
	now   func() time.Time
}

// New returns a server; Serve runs it.
func New(cfg Config, d Deps) *Server {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &Server{cfg: cfg, admit: d.Admitter, log: d.Log, now: d.Now}
}

// Serve accepts connections on ln until ctx ends, then closes the listener
// and every connection and returns once their goroutines have finished.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()

	var wg sync.WaitGroup
	defer func() {
		cancel() // closes every connection
		wg.Wait()
	}()

	s.log.Info("rtmp ingest listening", "addr", ln.Addr().String())
	backoff := 5 * time.Millisecond
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("rtmp accept: %w", err)
			}
			// Transient (e.g. out of file descriptors): wait and retry.
			s.log.Warn("rtmp accept failed", "err", err, "retry_in", backoff)
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return nil
			}
			backoff = min(2*backoff, time.Second)
			continue
		}
		backoff = 5 * time.Millisecond
		wg.Go(func() { s.handle(ctx, conn) })
	}
}

// handle owns one connection until it ends.
func (s *Server) handle(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	stop := context.AfterFunc(ctx, func() { nc.Close() })
	defer stop()
	log := s.log.With("remote_addr", nc.RemoteAddr().String())
	defer func() {
		if p := recover(); p != nil {
			log.Error("rtmp connection panicked", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	err := s.serveConn(ctx, nc, log)
	log.Debug("rtmp connection closed", "err", err)
}
