package sfu

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/livekit/protocol/logger"
)

// LiveKit's logger is process-global and read without locks, so it is set
// once, to a logger that forwards to the newest node's slog logger (tests
// run several nodes in one process).
var (
	logOnce sync.Once
	current atomic.Pointer[slog.Logger]
)

func useLogger(log *slog.Logger) {
	current.Store(log)
	logOnce.Do(func() { logger.SetLogger(newLogger(slog.New(forward{})), "livekit") })
}

// forward hands records to the current logger's handler.
type forward struct{ attrs []slog.Attr }

func (f forward) handler() slog.Handler {
	h := current.Load().Handler()
	if len(f.attrs) > 0 {
		h = h.WithAttrs(f.attrs)
	}
	return h
}

func (f forward) Enabled(ctx context.Context, l slog.Level) bool  { return f.handler().Enabled(ctx, l) }
func (f forward) Handle(ctx context.Context, r slog.Record) error { return f.handler().Handle(ctx, r) }
func (f forward) WithAttrs(attrs []slog.Attr) slog.Handler {
	return forward{attrs: append(append([]slog.Attr{}, f.attrs...), attrs...)}
}

// WithGroup is not used by the adapter below; groups flatten into attrs.
func (f forward) WithGroup(string) slog.Handler { return f }

// slogLogger writes LiveKit's log through Onair's slog logger, so the
// embedded node's lines share the process's format, level and destination.
// LiveKit's info lines (every join, every track) and its warnings are debug
// here: its warnings are media-path noise (a data channel closing on every
// leave; full RTP statistics dumps, megabytes a minute, when a forwarder
// falls behind). Its errors are warnings.
type slogLogger struct {
	log *slog.Logger
}

func newLogger(log *slog.Logger) logger.Logger { return slogLogger{log: log} }

func (l slogLogger) Debugw(msg string, kv ...any) { l.log.Debug(msg, kv...) }
func (l slogLogger) Infow(msg string, kv ...any)  { l.log.Debug(msg, kv...) }

func (l slogLogger) Warnw(msg string, err error, kv ...any) {
	l.log.Debug(msg, append(kv, "err", err)...)
}

func (l slogLogger) Errorw(msg string, err error, kv ...any) {
	l.log.Warn(msg, append(kv, "err", err)...)
}

func (l slogLogger) WithValues(kv ...any) logger.Logger { return slogLogger{log: l.log.With(kv...)} }

func (l slogLogger) WithUnlikelyValues(kv ...any) logger.UnlikelyLogger {
	return logger.NewUnlikelyLogger(l, kv...)
}

func (l slogLogger) WithName(name string) logger.Logger {
	return slogLogger{log: l.log.With("logger", name)}
}

func (l slogLogger) WithComponent(component string) logger.Logger {
	return slogLogger{log: l.log.With("livekit_component", component)}
}

func (l slogLogger) WithCallDepth(int) logger.Logger { return l }
func (l slogLogger) WithItemSampler() logger.Logger  { return l }
func (l slogLogger) WithoutSampler() logger.Logger   { return l }

// WithDeferredValues hands back a resolver whose values are dropped: slog
// has no deferred attributes, and LiveKit uses them only for debug context.
func (l slogLogger) WithDeferredValues() (logger.Logger, logger.DeferredFieldResolver) {
	return l, noDeferred{}
}

type noDeferred struct{}

func (noDeferred) Resolve(...any) {}
func (noDeferred) Reset()         {}
