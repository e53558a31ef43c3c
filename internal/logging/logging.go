// Package logging configures Onair's slog logger: text or JSON on stderr
// and, optionally, daily files pruned after a retention period.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Config selects level, format and an optional file directory.
type Config struct {
	Level  string
	Format string
	// Dir receives onair-YYYY-MM-DD.log files when set.
	Dir string
	// RetentionDays deletes files older than this many days (0 keeps all).
	RetentionDays int
}

// New returns the process logger and a function that closes its files.
func New(cfg Config, stderr io.Writer) (*slog.Logger, func() error, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Level)); err != nil {
		return nil, nil, fmt.Errorf("log level: %w", err)
	}
	out := stderr
	closer := func() error { return nil }
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
			return nil, nil, fmt.Errorf("create log dir: %w", err)
		}
		df := &dailyFile{dir: cfg.Dir, retention: cfg.RetentionDays, now: time.Now}
		out = io.MultiWriter(stderr, df)
		closer = df.Close
	}
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	if cfg.Format == "json" {
		h = slog.NewJSONHandler(out, opts)
	} else {
		h = slog.NewTextHandler(out, opts)
	}
	return slog.New(h), closer, nil
}

// dailyFile writes to one file per UTC day and prunes old ones at rotation.
type dailyFile struct {
	dir       string
	retention int
	now       func() time.Time

	mu   sync.Mutex
	day  string
	file *os.File
}

func (d *dailyFile) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	day := d.now().UTC().Format("2006-01-02")
	if day != d.day || d.file == nil {
		if d.file != nil {
			d.file.Close()
		}
		f, err := os.OpenFile(filepath.Join(d.dir, "onair-"+day+".log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
		if err != nil {
			return 0, err
		}
		d.file, d.day = f, day
		d.prune()
	}
	return d.file.Write(p)
}

// prune removes day files older than the retention period.
func (d *dailyFile) prune() {
	if d.retention <= 0 {
		return
	}
	cutoff := d.now().UTC().AddDate(0, 0, -d.retention).Format("2006-01-02")
	names, _ := filepath.Glob(filepath.Join(d.dir, "onair-*.log"))
	sort.Strings(names)
	for _, n := range names {
		day := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(n), "onair-"), ".log")
		if day < cutoff {
			os.Remove(n)
		}
	}
}

func (d *dailyFile) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.file == nil {
		return nil
	}
	err := d.file.Close()
	d.file = nil
	return err
}
