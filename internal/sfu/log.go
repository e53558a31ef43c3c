package sfu

import (
	"log/slog"

	"github.com/livekit/protocol/logger"
)

// slogLogger writes LiveKit's log through Onair's slog logger, so the
// embedded node's lines share the process's format, level and destination.
// LiveKit's info lines (every join, every track) are debug here.
type slogLogger struct {
	log *slog.Logger
}

func newLogger(log *slog.Logger) logger.Logger { return slogLogger{log: log} }

func (l slogLogger) Debugw(msg string, kv ...any) { l.log.Debug(msg, kv...) }
func (l slogLogger) Infow(msg string, kv ...any)  { l.log.Debug(msg, kv...) }

func (l slogLogger) Warnw(msg string, err error, kv ...any) {
	l.log.Warn(msg, append(kv, "err", err)...)
}

func (l slogLogger) Errorw(msg string, err error, kv ...any) {
	l.log.Error(msg, append(kv, "err", err)...)
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
