package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/app"
	"github.com/onair/onair/internal/errs"
)

// SeedDomain is the email domain of seeded demo accounts. ".invalid" is
// reserved (RFC 2606), so no real account can share it, and
// "onair seed --delete" removes exactly the accounts that carry it.
const SeedDomain = "seed.onair.invalid"

type seedOptions struct {
	channels, live int
	prefix         string
	password       string
	followedBy     string
	liveFor        time.Duration
	ingest         string
	remove         bool
}

// seed makes demo channels for trying the UI (spec 12.3). Live channels are
// real: one ffmpeg per channel pushes a test pattern over RTMP to the
// running server until --live-for passes or the command is interrupted, so
// the directory, players and stream health show true data.
func seed(ctx context.Context, args []string, env Env) error {
	var o seedOptions
	cfg, _, err := loadConfig("seed", args, env, func(fs *flag.FlagSet) {
		fs.IntVar(&o.channels, "channels", 50, "how many demo channels to make")
		fs.IntVar(&o.live, "live", 0, "how many of them stream a test pattern (needs ffmpeg and a running server)")
		fs.StringVar(&o.prefix, "prefix", "demo_", "username prefix; usernames are <prefix><n>")
		fs.StringVar(&o.password, "password", "", "password of every demo account (default: a random one, printed)")
		fs.StringVar(&o.followedBy, "followed-by", "", "an existing username that follows every demo channel")
		fs.DurationVar(&o.liveFor, "live-for", 0, "stop the live test streams after this long (default: until interrupted)")
		fs.StringVar(&o.ingest, "ingest", "", "RTMP ingest address of the running server (default: rtmp://<ingest host:port>/live/ from the configuration)")
		fs.BoolVar(&o.remove, "delete", false, "delete every demo account instead (all accounts at @"+SeedDomain+")")
	})
	if err != nil {
		return err
	}
	if !o.remove && (o.channels < 1 || o.channels > 1000 || o.live < 0 || o.live > o.channels) {
		return errors.New("seed needs 1 <= --channels <= 1000 and 0 <= --live <= --channels")
	}
	a, closeApp, err := openAdmin(ctx, cfg, env)
	if err != nil {
		return err
	}
	defer closeApp()
	if o.remove {
		return deleteSeed(ctx, a, env)
	}
	keys, err := createSeed(ctx, a, env, o)
	if err != nil {
		return err
	}
	if o.live == 0 {
		return nil
	}
	ingest := o.ingest
	if ingest == "" {
		ingest = a.Channels.IngestServerURL()
	}
	if !strings.HasSuffix(ingest, "/") {
		ingest += "/"
	}
	return streamTestPatterns(ctx, env, cfg.Media.FFmpeg, ingest, keys[:o.live], o.liveFor)
}

// createSeed makes the accounts and channels and returns their stream keys.
func createSeed(ctx context.Context, a *app.App, env Env, o seedOptions) ([]string, error) {
	if o.password == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		o.password = "Demo-" + hex.EncodeToString(b) + "!A"
	}
	var follower account.User
	if o.followedBy != "" {
		var err error
		if follower, err = a.Accounts.UserByUsername(ctx, o.followedBy); errs.KindOf(err) == errs.KindNotFound {
			return nil, fmt.Errorf("--followed-by %s: no such user", o.followedBy)
		} else if err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, o.channels)
	for i := 1; i <= o.channels; i++ {
		name := fmt.Sprintf("%s%02d", o.prefix, i)
		u, err := a.Accounts.Create(ctx, account.CreateInput{Username: name, Email: name + "@" + SeedDomain,
			Password: o.password, Verified: true})
		if errs.KindOf(err) == errs.KindConflict {
			return nil, fmt.Errorf("%s already exists: delete the demo accounts first (onair seed --delete) or choose another --prefix", name)
		} else if err != nil {
			return nil, fmt.Errorf("create %s: %w", name, err)
		}
		ch, err := a.Channels.Ensure(ctx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("channel of %s: %w", name, err)
		}
		keys = append(keys, ch.StreamKey)
		if follower.ID != "" {
			if _, err := a.Channels.Follow(ctx, follower.ID, u.Username); err != nil {
				return nil, fmt.Errorf("%s follows %s: %w", follower.Username, name, err)
			}
		}
	}
	fmt.Fprintf(env.Stdout, "created %d demo channels %s01..%s%02d (password %s)\n", o.channels, o.prefix, o.prefix, o.channels, o.password)
	if follower.ID != "" {
		fmt.Fprintf(env.Stdout, "%s follows all of them\n", follower.Username)
	}
	return keys, nil
}

func deleteSeed(ctx context.Context, a *app.App, env Env) error {
	users, err := a.Accounts.UsersByEmailDomain(ctx, SeedDomain)
	if err != nil {
		return err
	}
	for _, u := range users {
		if err := a.Accounts.Delete(ctx, u.ID); err != nil {
			return err
		}
		if err := a.Channels.DeleteFiles(ctx, u.ID); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "deleted %d demo accounts\n", len(users))
	return nil
}

// streamTestPatterns runs one small ffmpeg test pattern (360p, 15 fps,
// about 0.5 Mbit/s) per stream key until ctx ends or liveFor passes.
func streamTestPatterns(ctx context.Context, env Env, ffmpeg, ingest string, keys []string, liveFor time.Duration) error {
	path, err := exec.LookPath(ffmpeg)
	if err != nil {
		return fmt.Errorf("live demo channels need ffmpeg (media.ffmpeg %q): %w", ffmpeg, err)
	}
	if liveFor > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, liveFor)
		defer cancel()
	}
	fmt.Fprintf(env.Stdout, "streaming %d test patterns to %s; interrupt to stop\n", len(keys), ingest)
	var wg sync.WaitGroup
	errc := make(chan error, len(keys))
	for i, key := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errc <- streamTestPattern(ctx, path, ingest+key, i)
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil && ctx.Err() == nil {
			return err
		}
	}
	return nil
}

func streamTestPattern(ctx context.Context, ffmpeg, url string, n int) error {
	cmd := exec.CommandContext(ctx, ffmpeg, "-hide_banner", "-loglevel", "error", "-re",
		"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15",
		"-f", "lavfi", "-i", fmt.Sprintf("sine=frequency=%d:sample_rate=48000", 220+40*(n%10)),
		"-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
		"-g", "15", "-b:v", "500k", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
	// The URL holds the stream key: errors name the channel number only.
	if out, err := cmd.CombinedOutput(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("test stream %d stopped: %v: %s", n+1, err, lastLine(out))
	}
	return nil
}

func lastLine(b []byte) string {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\n' {
			return string(b[i+1:])
		}
	}
	return string(b)
}
