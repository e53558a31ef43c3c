package rtc

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/pion/logging"
)

// loggerFactory routes pion's logs to slog: its errors become warnings,
// its warnings and information debug lines; its debug and trace output is
// dropped (it logs per packet).
type loggerFactory struct{ log *slog.Logger }

func (f loggerFactory) NewLogger(scope string) logging.LeveledLogger {
	return pionLogger{f.log.With("pion", scope)}
}

type pionLogger struct{ log *slog.Logger }

func (pionLogger) Trace(string)          {}
func (pionLogger) Tracef(string, ...any) {}
func (pionLogger) Debug(string)          {}
func (pionLogger) Debugf(string, ...any) {}
func (l pionLogger) Info(msg string)     { l.log.Debug(msg) }
func (l pionLogger) Infof(format string, args ...any) {
	if l.log.Enabled(context.Background(), slog.LevelDebug) {
		l.log.Debug(fmt.Sprintf(format, args...))
	}
}
func (l pionLogger) Warn(msg string) { l.log.Debug(msg) }
func (l pionLogger) Warnf(format string, args ...any) {
	if l.log.Enabled(context.Background(), slog.LevelDebug) {
		l.log.Debug(fmt.Sprintf(format, args...))
	}
}
func (l pionLogger) Error(msg string) { l.log.Warn(msg) }
func (l pionLogger) Errorf(format string, args ...any) {
	l.log.Warn(fmt.Sprintf(format, args...))
}
