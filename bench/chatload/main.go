// Command chatload measures chat fan-out: N anonymous subscribers of one
// chat room (centrifuge-go, protobuf protocol by default) and one signed-in
// publisher posting through the HTTP API at a fixed rate. With -publish-url
// it measures bench/chatref (a minimal Centrifuge server) instead: the same
// subscribers, and the messages published by a plain POST of the same JSON.
//
// The publisher puts its send time in each message ("t=<unixnano> n=<seq>");
// a subscriber takes its receive time as soon as centrifuge-go hands it the
// publication, so the delivery latency (receive - send, same clock) covers
// the HTTP request, the chat service, Centrifuge's fan-out, the socket and
// the generator's own scheduling. Only messages sent in the measured window
// count; after it the publisher stops and the subscribers get a grace
// period, then every measured message a subscriber did not receive is lost.
//
//	go run ./bench/chatload -url http://127.0.0.1:8080 -login alice -password 'Passw0rd!' -subscribers 1000
//	go run ./bench/chatload -url http://127.0.0.1:9090 -publish-url http://127.0.0.1:9090/publish -subscribers 1000
//
// It prints one key=value line (and "error <n>x <what>" lines before it).
// Everything is bounded: subscriber count, ramp, warmup, duration, grace.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/onair/onair/bench/internal/latency"
	"github.com/onair/onair/bench/internal/proc"
	"github.com/onair/onair/internal/apiclient"
)

type options struct {
	url         string
	login       string
	password    string
	publishURL  string
	subscribers int
	rate        int
	duration    time.Duration
	warmup      time.Duration
	ramp        time.Duration
	grace       time.Duration
	json        bool
	serverPID   int
	cpuProfile  string
}

// subscriber holds one connection's results; merged after the run.
type subscriber struct {
	mu       sync.Mutex
	lat      []time.Duration
	received []bool // by message number, measured window only
	dups     int
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "", "the server's base URL, http://127.0.0.1:<port> (required)")
	flag.StringVar(&o.login, "login", "", "publisher's username (required without -publish-url)")
	flag.StringVar(&o.password, "password", "", "publisher's password (required without -publish-url)")
	flag.StringVar(&o.publishURL, "publish-url", "", "measure bench/chatref: publish with POST to this URL (no -login/-password)")
	flag.IntVar(&o.subscribers, "subscribers", 1000, "subscribers of the room (1 to 20000)")
	flag.IntVar(&o.rate, "rate", 10, "messages per second the publisher sends (1 to 100)")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "measured duration (at most 10m)")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "unmeasured publishing after every subscriber joined")
	flag.DurationVar(&o.ramp, "ramp", 5*time.Second, "time over which subscribers connect")
	flag.DurationVar(&o.grace, "grace", 2*time.Second, "wait for late deliveries after the last message")
	flag.BoolVar(&o.json, "json", false, "use the JSON protocol instead of protobuf")
	flag.IntVar(&o.serverPID, "server-pid", 0, "the server's process id: report its CPU and RSS over the measured window")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write the generator's own CPU profile over the measured window to this file")
	flag.Parse()
	hasPublisher := o.publishURL != "" || (o.login != "" && o.password != "")
	if o.url == "" || !hasPublisher || o.subscribers < 1 || o.subscribers > 20000 ||
		o.rate < 1 || o.rate > 100 || o.duration <= 0 || o.duration > 10*time.Minute {
		fmt.Fprintln(os.Stderr, "chatload: -url and -login/-password (or -publish-url) required; 1 <= -subscribers <= 20000, 1 <= -rate <= 100, 0 < -duration <= 10m")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "chatload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	base, err := proc.LoopbackURL(o.url)
	if err != nil {
		return err
	}
	proc.RaiseFileLimit("chatload", o.subscribers)

	room, send, err := publisher(ctx, o)
	if err != nil {
		return err
	}
	wsURL := "ws://" + base.Host + "/connection/websocket"

	errs := &proc.Counters{}
	// At most rate*duration messages are measured; a little room above.
	maxMsgs := o.rate*int(o.duration/time.Second) + 2*o.rate + 16
	var measureFrom, measureTo atomic.Int64 // unix nanos; set by the publisher
	measureFrom.Store(1<<62 - 1)
	measureTo.Store(1<<62 - 1)

	subs := make([]*subscriber, o.subscribers)
	for i := range subs {
		subs[i] = &subscriber{received: make([]bool, maxMsgs)}
	}
	crowd, err := proc.Connect(ctx, proc.CrowdOptions{
		Name: "chatload", WSURL: wsURL, Channel: room, Count: o.subscribers, Ramp: o.ramp, JSON: o.json, Errs: errs,
		OnPublication: func(i int, at time.Time, data []byte) { subs[i].receive(at, data, &measureFrom, &measureTo) },
	})
	if err != nil {
		return err
	}
	defer crowd.Close()
	joined, rampTook := crowd.Joined, crowd.RampTook

	// Publish: warmup (unmeasured), then the measured window.
	var sentOK []bool
	var pubLat []time.Duration
	pubStart := time.Now()
	from := pubStart.Add(o.warmup)
	to := from.Add(o.duration)
	measureFrom.Store(from.UnixNano())
	measureTo.Store(to.UnixNano())
	sentOK = make([]bool, maxMsgs)
	// Open loop: a message leaves every 1/rate s whatever the previous
	// ones are doing (at most 64 in flight), so a slow fan-out shows as
	// latency, not as a lower rate.
	tick := time.NewTicker(time.Second / time.Duration(o.rate))
	var (
		sendMu   sync.Mutex
		sends    sync.WaitGroup
		inflight = make(chan struct{}, 64)
		measured int
		cpu0     proc.Usage
	)
	seq := 0
	stopProfile := func() {}
	for ctx.Err() == nil {
		now := time.Now()
		if !now.Before(to) {
			break
		}
		if seq == 0 && !now.Before(from) {
			cpu0 = proc.Sample(o.serverPID)
			stopProfile = startCPUProfile(o.cpuProfile, errs)
		}
		n := -1
		if !now.Before(from) && seq < maxMsgs {
			n = seq
			seq++
		}
		select {
		case inflight <- struct{}{}:
			sends.Add(1)
			go func(now time.Time, n int) {
				defer sends.Done()
				defer func() { <-inflight }()
				content := "t=" + strconv.FormatInt(now.UnixNano(), 10) + " n=" + strconv.Itoa(n)
				err := send(ctx, content)
				took := time.Since(now)
				sendMu.Lock()
				defer sendMu.Unlock()
				if err != nil {
					errs.Add("send: " + proc.Short(err))
					return
				}
				pubLat = append(pubLat, took)
				if n >= 0 {
					sentOK[n] = true
					measured++
				}
			}(now, n)
		default:
			errs.Add("send: 64 messages in flight, one skipped")
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
		}
	}
	tick.Stop()
	sends.Wait()
	cpu1 := proc.Sample(o.serverPID)
	stopProfile()
	proc.Sleep(ctx, o.grace)
	connected := crowd.Connected()
	report(o, subs, sentOK[:seq], measured, pubLat, errs, joined, connected, rampTook)
	fmt.Printf("window_s=%.2f server_cpu_pct=%.1f server_rss_mib=%.1f server_hwm_mib=%.1f gen_cpu_pct=%.1f gen_rss_mib=%.1f\n",
		cpu1.At.Sub(cpu0.At).Seconds(), proc.CPUPercent(cpu0.Server, cpu1.Server, cpu0.At, cpu1.At), cpu1.ServerRSS, cpu1.ServerHWM,
		proc.CPUPercent(cpu0.Self, cpu1.Self, cpu0.At, cpu1.At), cpu1.SelfRSS)
	return ctx.Err()
}

// publisher returns the room the subscribers join and how a message is
// sent to it: through Onair's chat API as the signed-in user, or, with
// -publish-url, to bench/chatref as the JSON an Onair chat message carries
// its text in (so receive parses both alike).
func publisher(ctx context.Context, o options) (room string, send func(context.Context, string) error, err error) {
	if o.publishURL != "" {
		room = "chat:reference"
		target := o.publishURL + "?channel=" + url.QueryEscape(room)
		return room, func(ctx context.Context, content string) error {
			body, err := json.Marshal(map[string]string{"content": content})
			if err != nil {
				return err
			}
			return postReference(ctx, target, body)
		}, nil
	}
	api := apiclient.New(o.url)
	if _, err := api.SignIn(ctx, o.login, o.password); err != nil {
		return "", nil, fmt.Errorf("sign in: %w", err)
	}
	own, err := api.OwnChannel(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("own channel: %w", err)
	}
	return "chat:" + own.ChannelID, func(ctx context.Context, content string) error {
		_, err := api.SendChat(ctx, own.ChannelID, content)
		return err
	}, nil
}

func postReference(ctx context.Context, target string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("publish: %s", resp.Status)
	}
	return nil
}

// startCPUProfile profiles the generator into path (none when path is
// empty) until the returned function is called.
func startCPUProfile(path string, errs *proc.Counters) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		errs.Add("cpu profile: " + proc.Short(err))
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// receive records one publication; it parses only "t=<nanos> n=<seq>" out
// of the message JSON.
func (s *subscriber) receive(at time.Time, data []byte, from, to *atomic.Int64) {
	i := bytes.Index(data, []byte(`"content":"t=`))
	if i < 0 {
		return // a moderation event or another client's message
	}
	rest := data[i+len(`"content":"t=`):]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		return
	}
	sent, err := strconv.ParseInt(string(rest[:sp]), 10, 64)
	if err != nil || sent < from.Load() || sent >= to.Load() {
		return // warmup, backlog or another run
	}
	rest = rest[sp+1:]
	if !bytes.HasPrefix(rest, []byte("n=")) {
		return
	}
	q := bytes.IndexByte(rest, '"')
	if q < 0 {
		return
	}
	n, err := strconv.Atoi(string(rest[2:q]))
	if err != nil || n < 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if n >= len(s.received) {
		return
	}
	if s.received[n] {
		s.dups++
		return
	}
	s.received[n] = true
	s.lat = append(s.lat, at.Sub(time.Unix(0, sent)))
}

func report(o options, subs []*subscriber, sentOK []bool, measured int, pubLat []time.Duration, errs *proc.Counters,
	joined int64, connected int, rampTook time.Duration) {
	all := make([]time.Duration, 0, measured*len(subs))
	lost, dups := 0, 0
	for _, s := range subs {
		s.mu.Lock()
		all = append(all, s.lat...)
		for n, ok := range sentOK {
			if ok && !s.received[n] {
				lost++
			}
		}
		dups += s.dups
		s.mu.Unlock()
	}
	nerr := errs.Print()
	d, p := latency.Summarize(all), latency.Summarize(pubLat)
	protocol := "protobuf"
	if o.json {
		protocol = "json"
	}
	fmt.Printf("subscribers=%d joined=%d connected=%d protocol=%s rate=%d duration=%s ramp_s=%.1f messages=%d deliveries=%d "+
		"deliveries_per_s=%.0f lost=%d duplicates=%d errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f "+
		"send_p50_ms=%.2f send_p99_ms=%.2f\n",
		o.subscribers, joined, connected, protocol, o.rate, o.duration, rampTook.Seconds(), measured, len(all),
		float64(len(all))/o.duration.Seconds(), lost, dups, nerr,
		proc.Ms(d.P50), proc.Ms(d.P90), proc.Ms(d.P99), proc.Ms(d.P999), proc.Ms(d.Max), proc.Ms(p.P50), proc.Ms(p.P99))
}

// raiseFileLimit lifts the soft RLIMIT_NOFILE to the hard limit (Go does
// this at start-up since 1.19; done again here to warn when it is short).
