// Command actionload measures stream-action fan-out: N anonymous
// subscribers of one channel's event stream ("channel:<channelId>",
// centrifuge-go, protobuf protocol by default) and the channel's owner
// sending stream actions through the HTTP API at a fixed rate while the
// channel is live (the caller starts the stream: see bench/actions.sh).
//
// Every action is a "product" whose encoded request {"name","data"} is
// exactly -payload-bytes long (1000 to 1024; the server's budget is 1024):
// the title carries the sequence number and the send time
// ("n=<seq> t=<unixnano>"), the description is padded with three-byte
// characters (lengths are counted in code points) to reach the size. The
// generator checks each request's size before sending it.
//
// A subscriber takes its receive time as soon as centrifuge-go hands it a
// "streamAction" publication, so the delivery latency (receive - send,
// same clock) covers the HTTP request, validation and the database write of
// the overlay service, Centrifuge's fan-out, loopback TCP and the
// generator's own scheduling. "fanout" is receive - the action's startTime
// as the server answered it (the server's clock at acceptance, millisecond
// precision), so it leaves out the part of the request before the action
// was accepted. Only actions sent in the measured window count; after it
// the publisher stops and the subscribers get a grace period, then every
// measured action a subscriber did not receive is lost.
//
//	go run ./bench/actionload -url http://127.0.0.1:8080 -login alice -password 'Passw0rd!' -subscribers 1000
//
// It prints "error <n>x <what>" lines, then two key=value lines (results,
// then CPU and memory). Everything is bounded: subscriber count, ramp,
// warmup, duration, grace.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/onair/onair/bench/internal/latency"
	"github.com/onair/onair/bench/internal/proc"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/overlay"
)

type options struct {
	url          string
	login        string
	password     string
	subscribers  int
	rate         int
	duration     time.Duration
	warmup       time.Duration
	ramp         time.Duration
	grace        time.Duration
	payloadBytes int
	json         bool
	serverPID    int
}

// subscriber holds one connection's results; merged after the run.
type subscriber struct {
	mu    sync.Mutex
	recv  []int64 // receive time (unix nanos) by sequence number, measured window only; 0: not received
	title []int64 // the send time read from the action's title, by sequence number
	dups  int
	wrong int // a measured action whose title does not parse
}

// sent is the publisher's record of one measured action.
type sent struct {
	at    int64 // send time, unix nanos (the one in the title)
	ok    bool  // the server accepted it
	start int64 // its startTime as the server answered, unix nanos
}

func main() {
	var o options
	flag.StringVar(&o.url, "url", "", "Onair base URL, http://127.0.0.1:<port> (required)")
	flag.StringVar(&o.login, "login", "", "the streamer's username; their channel must be live (required)")
	flag.StringVar(&o.password, "password", "", "the streamer's password (required)")
	flag.IntVar(&o.subscribers, "subscribers", 1000, "subscribers of the channel's events (1 to 20000)")
	flag.IntVar(&o.rate, "rate", 5, "stream actions per second the streamer sends (1 to 10, the server's per-channel limit)")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "measured duration (at most 10m)")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "unmeasured sending after every subscriber joined")
	flag.DurationVar(&o.ramp, "ramp", 5*time.Second, "time over which subscribers connect")
	flag.DurationVar(&o.grace, "grace", 2*time.Second, "wait for late deliveries after the last action")
	flag.IntVar(&o.payloadBytes, "payload-bytes", 1020, "encoded size of each request {\"name\",\"data\"} (1000 to 1024)")
	flag.BoolVar(&o.json, "json", false, "use the JSON protocol instead of protobuf")
	flag.IntVar(&o.serverPID, "server-pid", 0, "onair's process id: report its CPU and RSS over the measured window")
	flag.Parse()
	if o.url == "" || o.login == "" || o.password == "" || o.subscribers < 1 || o.subscribers > 20000 ||
		o.rate < 1 || o.rate > 10 || o.duration <= 0 || o.duration > 10*time.Minute ||
		o.warmup < 0 || o.warmup > time.Minute || o.ramp < 0 || o.ramp > time.Minute || o.grace < 0 || o.grace > time.Minute ||
		o.payloadBytes < 1000 || o.payloadBytes > overlay.MaxEncoded {
		fmt.Fprintln(os.Stderr, "actionload: -url, -login, -password required; 1 <= -subscribers <= 20000, 1 <= -rate <= 10, "+
			"0 < -duration <= 10m, -warmup/-ramp/-grace <= 1m, 1000 <= -payload-bytes <= 1024")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "actionload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	base, err := proc.LoopbackURL(o.url)
	if err != nil {
		return err
	}
	proc.RaiseFileLimit("actionload", o.subscribers)

	// Check the payload before connecting anyone: the largest sequence
	// number and a send time must give a request of the right size.
	if _, size, err := payload(o.payloadBytes, 99999, time.Now().UnixNano()); err != nil {
		return err
	} else if size != o.payloadBytes {
		return fmt.Errorf("payload is %d bytes, want %d", size, o.payloadBytes)
	}

	api := apiclient.New(o.url)
	if _, err := api.SignIn(ctx, o.login, o.password); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	own, err := api.OwnChannel(ctx)
	if err != nil {
		return fmt.Errorf("own channel: %w", err)
	}
	events := "channel:" + own.ChannelID
	wsURL := "ws://" + base.Host + "/connection/websocket"

	errs := &proc.Counters{}
	// At most rate*duration actions are measured; a little room above.
	maxMsgs := o.rate*int(o.duration/time.Second) + 2*o.rate + 16

	subs := make([]*subscriber, o.subscribers)
	for i := range subs {
		subs[i] = &subscriber{recv: make([]int64, maxMsgs), title: make([]int64, maxMsgs)}
	}
	crowd, err := proc.Connect(ctx, proc.CrowdOptions{
		Name: "actionload", WSURL: wsURL, Channel: events, Count: o.subscribers, Ramp: o.ramp, JSON: o.json, Errs: errs,
		OnPublication: func(i int, at time.Time, data []byte) { subs[i].receive(at, data) },
	})
	if err != nil {
		return err
	}
	defer crowd.Close()
	joined, rampTook := crowd.Joined, crowd.RampTook

	// Send: warmup (unmeasured, sequence number -1), then the measured
	// window. Open loop: an action leaves every 1/rate s whatever the
	// previous ones are doing (at most 16 in flight), so a slow server
	// shows as latency, not as a lower rate.
	msgs := make([]sent, maxMsgs)
	var pubLat []time.Duration
	from := time.Now().Add(o.warmup)
	to := from.Add(o.duration)
	tick := time.NewTicker(time.Second / time.Duration(o.rate))
	var (
		sendMu   sync.Mutex
		sends    sync.WaitGroup
		inflight = make(chan struct{}, 16)
		measured int
		cpu0     proc.Usage
	)
	seq := 0
	minSize, maxSize := 1<<30, 0
	for ctx.Err() == nil {
		now := time.Now()
		if !now.Before(to) {
			break
		}
		if seq == 0 && !now.Before(from) {
			cpu0 = proc.Sample(o.serverPID)
		}
		n := -1
		if !now.Before(from) && seq < maxMsgs {
			n = seq
			seq++
		}
		data, size, err := payload(o.payloadBytes, n, now.UnixNano())
		minSize, maxSize = min(minSize, size), max(maxSize, size)
		if n >= 0 {
			msgs[n].at = now.UnixNano()
		}
		if err != nil {
			errs.Add("payload: " + err.Error()) // not sent
		} else {
			select {
			case inflight <- struct{}{}:
				sends.Add(1)
				go func(now time.Time, n int) {
					defer sends.Done()
					defer func() { <-inflight }()
					a, err := api.SendStreamAction(ctx, overlay.Product, data)
					took := time.Since(now)
					sendMu.Lock()
					defer sendMu.Unlock()
					if err != nil {
						errs.Add("send: " + proc.Short(err))
						return
					}
					pubLat = append(pubLat, took)
					if n >= 0 {
						msgs[n].ok = true
						msgs[n].start = a.StartTime.UnixNano()
						measured++
					}
				}(now, n)
			default:
				errs.Add("send: 16 actions in flight, one skipped")
			}
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
		}
	}
	tick.Stop()
	sends.Wait()
	cpu1 := proc.Sample(o.serverPID)
	proc.Sleep(ctx, o.grace)
	connected := crowd.Connected()
	report(o, subs, msgs[:seq], measured, pubLat, errs, joined, connected, rampTook, minSize, maxSize)
	fmt.Printf("window_s=%.2f server_cpu_pct=%.1f server_rss_mib=%.1f server_hwm_mib=%.1f gen_cpu_pct=%.1f gen_rss_mib=%.1f\n",
		cpu1.At.Sub(cpu0.At).Seconds(), proc.CPUPercent(cpu0.Server, cpu1.Server, cpu0.At, cpu1.At), cpu1.ServerRSS, cpu1.ServerHWM,
		proc.CPUPercent(cpu0.Self, cpu1.Self, cpu0.At, cpu1.At), cpu1.SelfRSS)
	return ctx.Err()
}

// payload returns the data of product action n sent at sentAt, padded so
// that the request {"name":"product","data":...} encodes to exactly want
// bytes, and that size as the API client will send it.
func payload(want, n int, sentAt int64) (json.RawMessage, int, error) {
	p := struct {
		Title       string `json:"title"`
		Price       string `json:"price"`
		ImageURL    string `json:"imageUrl"`
		Description string `json:"description"`
	}{
		Title:    "n=" + strconv.Itoa(n) + " t=" + strconv.FormatInt(sentAt, 10), // <= 32 code points
		Price:    "19.99 EUR",
		ImageURL: "https://images.example.com/products/" + strings.Repeat("a", 180) + ".jpg", // 220 code points
	}
	size := func() (json.RawMessage, int, error) {
		data, err := json.Marshal(p)
		if err != nil {
			return nil, 0, err
		}
		req, err := json.Marshal(api.StreamActionRequest{Name: overlay.Product, Data: data})
		if err != nil {
			return nil, 0, err
		}
		if s := overlay.EncodedSize(overlay.Product, data); s != len(req) {
			return nil, 0, fmt.Errorf("request is %d bytes, the server counts %d", len(req), s)
		}
		return data, len(req), nil
	}
	_, base, err := size()
	if err != nil {
		return nil, 0, err
	}
	// "€" is 3 bytes and one code point; the rest in ASCII.
	rest := want - base
	if rest < 0 || rest/3+rest%3 > 256 {
		return nil, 0, fmt.Errorf("cannot pad a %d-byte request to %d bytes within 256 code points", base, want)
	}
	p.Description = strings.Repeat("€", rest/3) + strings.Repeat("x", rest%3)
	data, got, err := size()
	if err != nil {
		return nil, 0, err
	}
	if got != want {
		return data, got, fmt.Errorf("request is %d bytes, want %d", got, want)
	}
	if _, err := overlay.Validate(overlay.Product, data); err != nil {
		return data, got, fmt.Errorf("the server would refuse it: %w", err)
	}
	return data, got, nil
}

// receive records one publication; it reads only the title
// "n=<seq> t=<unixnano>" of a streamAction publication.
func (s *subscriber) receive(at time.Time, data []byte) {
	const key = `"title":"n=`
	i := bytes.Index(data, []byte(key))
	if i < 0 || !bytes.Contains(data[:i], []byte(`"type":"streamAction"`)) {
		return // another event (liveStatus, viewerCount, an action stopping)
	}
	rest := data[i+len(key):]
	sp := bytes.IndexByte(rest, ' ')
	if sp < 0 {
		return
	}
	n, err := strconv.Atoi(string(rest[:sp]))
	if err != nil || n < 0 {
		return // warmup
	}
	rest = rest[sp+1:]
	q := bytes.IndexByte(rest, '"')
	if !bytes.HasPrefix(rest, []byte("t=")) || q < 0 {
		return
	}
	sentAt, err := strconv.ParseInt(string(rest[2:q]), 10, 64)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case n >= len(s.recv):
		return
	case err != nil:
		s.wrong++
	case s.recv[n] != 0:
		s.dups++
	default:
		s.recv[n], s.title[n] = at.UnixNano(), sentAt
	}
}

func report(o options, subs []*subscriber, msgs []sent, measured int, pubLat []time.Duration, errs *proc.Counters,
	joined int64, connected int, rampTook time.Duration, minSize, maxSize int) {
	all := make([]time.Duration, 0, measured*len(subs))
	fan := make([]time.Duration, 0, measured*len(subs))
	lost, dups, wrong := 0, 0, 0
	for _, s := range subs {
		s.mu.Lock()
		for n, m := range msgs {
			r := s.recv[n]
			switch {
			case r != 0 && (!m.ok || s.title[n] != m.at):
				wrong++ // not accepted as far as the publisher knows, or not the action sent as n
			case r != 0:
				all = append(all, time.Duration(r-s.title[n]))
				fan = append(fan, time.Duration(r-m.start))
			case m.ok:
				lost++
			}
		}
		dups += s.dups
		wrong += s.wrong
		s.mu.Unlock()
	}
	nerr := errs.Print()
	d, f, p := latency.Summarize(all), latency.Summarize(fan), latency.Summarize(pubLat)
	protocol := "protobuf"
	if o.json {
		protocol = "json"
	}
	fmt.Printf("subscribers=%d joined=%d connected=%d protocol=%s rate=%d duration=%s ramp_s=%.1f payload_bytes=%d..%d "+
		"sent=%d deliveries=%d deliveries_per_s=%.0f lost=%d duplicates=%d unexpected=%d errors=%d "+
		"p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f fanout_p50_ms=%.2f fanout_p99_ms=%.2f "+
		"send_p50_ms=%.2f send_p99_ms=%.2f send_max_ms=%.2f\n",
		o.subscribers, joined, connected, protocol, o.rate, o.duration, rampTook.Seconds(), minSize, maxSize,
		measured, len(all), float64(len(all))/o.duration.Seconds(), lost, dups, wrong, nerr,
		proc.Ms(d.P50), proc.Ms(d.P90), proc.Ms(d.P99), proc.Ms(d.P999), proc.Ms(d.Max), proc.Ms(f.P50), proc.Ms(f.P99), proc.Ms(p.P50), proc.Ms(p.P99), proc.Ms(p.Max))
}

// raiseFileLimit lifts the soft RLIMIT_NOFILE to the hard limit (Go does
// this at start-up since 1.19; done again here to warn when it is short).
