// Command stageload measures a co-host session (stage) on Onair's embedded
// LiveKit node: P publishers (the host plus P-1 invited users, each
// signed in through the HTTP API) each send a looped H.264 video file (the
// 720p 30 fps clip of bench/stage.sh, about 2.5 Mbit/s) and a looped Opus
// file, then S anonymous spectators (subscribe-only tokens from
// /stages/createSpectatorToken) subscribe to every track and count the
// RTP packets and bytes they receive. Everything connects through the URL
// Onair hands out (its /rtc proxy) with the Go LiveKit SDK, like a browser.
//
// Over the measured window it reports what each spectator received
// (payload bit rate against what the publishers sent, tracks subscribed,
// packets lost by RTP sequence gaps, video tracks that starved), then the
// CPU (percent of one core) and memory of the onair process and of this
// one. Publishers and spectators run in this one process; -spectators 0
// measures the publishers alone.
//
//	go run ./bench/stageload -url http://127.0.0.1:8080 -users pub01,pub02,... -password 'Passw0rd!' \
//		-video video.h264 -audio audio.ogg -spectators 50 -server-pid <pid>
//
// The first user hosts (GET /stages/create), the others join invited, so
// Onair's 12-seat cap applies: a 13th user would be handed a spectator
// token, which this tool reports as an error. It prints "error <n>x
// <what>" lines, then key=value lines (spectators, publishers, CPU and
// memory). Everything is bounded: counts, ramp, warmup, duration.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/livekit/protocol/logger"
	lksdk "github.com/livekit/server-sdk-go/v2"

	"github.com/onair/onair/bench/internal/proc"
)

type options struct {
	url        string
	users      []string
	password   string
	video      string
	audio      string
	spectators int
	duration   time.Duration
	warmup     time.Duration
	ramp       time.Duration
	serverPID  int
}

func main() {
	var o options
	var users string
	flag.StringVar(&o.url, "url", "", "Onair base URL, http://127.0.0.1:<port> (required)")
	flag.StringVar(&users, "users", "", "comma-separated publishers' usernames, the host first (1 to 12; required)")
	flag.StringVar(&o.password, "password", "", "the publishers' password (required)")
	flag.StringVar(&o.video, "video", "", "Annex B H.264 file, one slice per frame, 30 fps (required)")
	flag.StringVar(&o.audio, "audio", "", "Ogg Opus file (required)")
	flag.IntVar(&o.spectators, "spectators", 50, "subscribe-only participants (0 to 500)")
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "measured window (at most 5m)")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "time after every spectator joined before the window")
	flag.DurationVar(&o.ramp, "ramp", 5*time.Second, "time over which spectators connect")
	flag.IntVar(&o.serverPID, "server-pid", 0, "onair's process id: report its CPU and RSS over the window")
	flag.Parse()
	for _, u := range strings.Split(users, ",") {
		if u = strings.TrimSpace(u); u != "" {
			o.users = append(o.users, u)
		}
	}
	if o.url == "" || o.password == "" || o.video == "" || o.audio == "" || len(o.users) < 1 || len(o.users) > 13 ||
		o.spectators < 0 || o.spectators > 500 || o.duration <= 0 || o.duration > 5*time.Minute ||
		o.warmup < 0 || o.warmup > time.Minute || o.ramp < 0 || o.ramp > time.Minute {
		fmt.Fprintln(os.Stderr, "stageload: -url, -users (1 to 13), -password, -video, -audio required; "+
			"0 <= -spectators <= 500, 0 < -duration <= 5m, -warmup/-ramp <= 1m")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "stageload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if _, err := proc.LoopbackURL(o.url); err != nil {
		return err
	}
	proc.RaiseFileLimit("stageload", 4*o.spectators)
	// The SDK logs every ICE step; failures are counted instead.
	lksdk.SetLogger(logger.GetDiscardLogger())

	video, err := readH264(o.video, time.Second/30)
	if err != nil {
		return err
	}
	audio, err := readOpus(o.audio)
	if err != nil {
		return err
	}
	errs := &proc.Counters{}

	stage, pubs, err := connectPublishers(ctx, o, video, audio, errs)
	defer closeAll(pubs)
	if err != nil {
		return err
	}
	specs, joinTook := connectSpectators(ctx, o, stage, len(pubs), errs)
	defer closeSpectators(specs)

	// Warm up: keyframes reach the late subscribers (a 2 s GOP), LiveKit's
	// bandwidth estimate settles.
	if !proc.Sleep(ctx, o.warmup) {
		return ctx.Err()
	}
	snap0 := snapshot(pubs, specs)
	u0 := proc.Sample(o.serverPID)
	if !proc.Sleep(ctx, o.duration) {
		return ctx.Err()
	}
	snap1 := snapshot(pubs, specs)
	u1 := proc.Sample(o.serverPID)

	report(o, pubs, specs, snap0, snap1, joinTook, video, audio, errs)
	fmt.Printf("window_s=%.2f server_cpu_pct=%.1f server_rss_mib=%.1f server_hwm_mib=%.1f gen_cpu_pct=%.1f gen_rss_mib=%.1f\n",
		u1.At.Sub(u0.At).Seconds(), proc.CPUPercent(u0.Server, u1.Server, u0.At, u1.At), u1.ServerRSS, u1.ServerHWM,
		proc.CPUPercent(u0.Self, u1.Self, u0.At, u1.At), u1.SelfRSS)

	// End the stage: every spectator is disconnected by the server.
	if _, err := pubs[0].api.EndStage(context.WithoutCancel(ctx)); err != nil {
		fmt.Fprintln(os.Stderr, "stageload: end stage:", err)
	}
	return nil
}
