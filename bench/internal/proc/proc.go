// Package proc holds what the fan-out load generators share: their error
// counters, process CPU and memory readings from /proc, and small helpers.
package proc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onair/onair/internal/apiclient"
)

// Counters are a run's error counts by kind.
type Counters struct {
	mu sync.Mutex
	m  map[string]int
}

// Add counts one error of kind what.
func (c *Counters) Add(what string) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[what]++
	c.mu.Unlock()
}

// Print writes one "error <n>x <kind>" line per kind and returns the total.
func (c *Counters) Print() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for e, n := range c.m {
		fmt.Printf("error %dx %s\n", n, e)
		total += n
	}
	return total
}

// RaiseFileLimit lifts this processs open-file limit to its maximum and
// warns (as tool) when it is below need connections.
func RaiseFileLimit(tool string, need int) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if lim.Cur < uint64(need)+64 {
		fmt.Fprintf(os.Stderr, "%s: warning: RLIMIT_NOFILE %d is below %d subscribers + 64\n", tool, lim.Cur, need)
	}
}

// LoopbackURL parses a generator's -url: load goes only to an http://
// server on a loopback address.
func LoopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || !net.ParseIP(u.Hostname()).IsLoopback() {
		return nil, fmt.Errorf("-url must be an http:// URL on 127.0.0.1: %q", raw)
	}
	return u, nil
}

// Short keeps error kinds few: numbers (ports, offsets) are dropped.
func Short(err error) string {
	var e *apiclient.Error
	if errors.As(err, &e) {
		return e.Code
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s) > 80 {
		s = s[i+2:]
	}
	return s
}

// Usage is a reading of /proc: CPU ticks (utime+stime) and RSS (MiB) of
// the server and of this process.
type Usage struct {
	At                 time.Time
	Server, Self       float64
	ServerRSS, SelfRSS float64
	ServerHWM          float64
}

// Sample reads the usage of serverPID (when > 0) and of this process.
func Sample(serverPID int) Usage {
	u := Usage{At: time.Now(), Self: ticks("self")}
	u.SelfRSS, _ = memory("self")
	if serverPID > 0 {
		p := strconv.Itoa(serverPID)
		u.Server = ticks(p)
		u.ServerRSS, u.ServerHWM = memory(p)
	}
	return u
}

// clockTicks is USER_HZ, 100 on Linux.
const clockTicks = 100

func ticks(pid string) float64 {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces): state is 3rd,
	// utime 14th and stime 15th of the whole line.
	rest := b[bytes.LastIndexByte(b, ')')+2:]
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return ut + st
}

func memory(pid string) (rss, hwm float64) {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			rss = kb / 1024
		case "VmHWM:":
			hwm = kb / 1024
		}
	}
	return rss, hwm
}

// CPUPercent is CPU use between two readings in percent of one core.
func CPUPercent(t0, t1 float64, a, b time.Time) float64 {
	if !b.After(a) {
		return 0
	}
	return 100 * (t1 - t0) / clockTicks / b.Sub(a).Seconds()
}

// Ms is d in milliseconds.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Sleep waits d and reports true, or reports false as soon as ctx ends.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
