// Command directoryseed fills an Onair database with a large directory for
// the directory and following benchmarks (bench/directory.sh): -channels
// accounts with a channel each, -live of them live, an existing user
// following -follows of them, and some history around them.
//
// "Live" is what the directory reads (spec 10): an open stream session that
// has started streaming. The sessions are written straight into the store,
// as the ingest would after a publisher's first media, because a thousand
// real encoders do not fit on a small machine. They belong to -node, which
// is not the serving node's name, so the server's start-up clean-up of its
// own abandoned sessions leaves them open. The accounts get an unusable
// password hash (they never sign in), which skips 10,000 password hashes.
//
// It writes through internal/store (migrating first), in multi-row INSERTs;
// the layout is drawn from a fixed -seed, so runs are comparable. -exec runs
// extra SQL afterwards, such as a candidate index to measure.
//
//	go run ./bench/directoryseed -data-dir /tmp/x -follower bench -channels 10000 -live 1000 -follows 500 -followed-live 40
//	go run ./bench/directoryseed -database-url postgres://postgres@127.0.0.1:5432/db?sslmode=disable -follower bench
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/store"
)

type options struct {
	databaseURL, dataDir string
	follower             string
	channels, live       int
	follows, followsLive int
	history              int
	background           int
	node                 string
	seed                 uint64
	exec                 string
}

func main() {
	var o options
	flag.StringVar(&o.databaseURL, "database-url", "", "database URL as onair's database.url (empty: SQLite in -data-dir)")
	flag.StringVar(&o.dataDir, "data-dir", "", "onair data dir (SQLite)")
	flag.StringVar(&o.follower, "follower", "", "existing username that follows -follows channels (required)")
	flag.IntVar(&o.channels, "channels", 10000, "accounts with a channel to create")
	flag.IntVar(&o.live, "live", 1000, "how many of them are live")
	flag.IntVar(&o.follows, "follows", 500, "how many channels -follower follows")
	flag.IntVar(&o.followsLive, "followed-live", 40, "how many of the followed channels are live (below 50, both queries of the following list run)")
	flag.IntVar(&o.history, "history", 2, "ended stream sessions per channel")
	flag.IntVar(&o.background, "background-follows", 5, "channels each created account follows")
	flag.StringVar(&o.node, "node", "bench-directory", "media node recorded on the live sessions (not the server's)")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the layout")
	flag.StringVar(&o.exec, "exec", "", "SQL statements (;-separated) to run after seeding, e.g. a candidate index")
	flag.Parse()
	if err := validate(o); err != nil {
		fmt.Fprintln(os.Stderr, "directoryseed:", err)
		flag.Usage()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "directoryseed:", err)
		os.Exit(1)
	}
}

func validate(o options) error {
	switch {
	case o.follower == "":
		return errors.New("-follower is required")
	case o.databaseURL == "" && o.dataDir == "":
		return errors.New("-data-dir or -database-url is required")
	case o.channels < 1 || o.live < 0 || o.live > o.channels:
		return errors.New("need -channels >= 1 and 0 <= -live <= -channels")
	case o.follows < 0 || o.follows > o.channels || o.followsLive < 0 || o.followsLive > o.follows || o.followsLive > o.live ||
		o.follows-o.followsLive > o.channels-o.live:
		return errors.New("-follows and -followed-live do not fit the live and offline channels")
	case o.history < 0 || o.background < 0 || o.background > o.channels:
		return errors.New("-history and -background-follows must be in range")
	}
	return nil
}

// row is one INSERT's values.
type row []any

func run(ctx context.Context, o options) error {
	db, err := store.Open(ctx, o.databaseURL, o.dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	rng := mrand.New(mrand.NewPCG(o.seed, 0x0a17))
	now := time.Now()
	at := func(d time.Duration) int64 { return now.Add(-d).UnixMilli() }
	started := time.Now()

	// Who is live, and whom the follower follows: fixed by the seed.
	order := rng.Perm(o.channels)
	live := make([]bool, o.channels)
	for _, i := range order[:o.live] {
		live[i] = true
	}
	var followed []int
	for _, i := range order[:o.followsLive] {
		followed = append(followed, i)
	}
	for _, i := range order[o.live : o.live+o.follows-o.followsLive] {
		followed = append(followed, i)
	}
	rng.Shuffle(len(followed), func(a, b int) { followed[a], followed[b] = followed[b], followed[a] })

	users := make([]string, o.channels)
	chans := make([]string, o.channels)
	var userRows, chanRows, assetRows, sessRows, followRows []row
	for i := range o.channels {
		users[i], chans[i] = ids.UUID(), ids.Random(10)
		name := fmt.Sprintf("dir_%05d", i+1)
		created := at(time.Duration(o.channels-i) * time.Minute)
		userRows = append(userRows, row{users[i], name, name + "@bench.onair.invalid", "!", true,
			account.Avatars[i%len(account.Avatars)], account.Colors[i%len(account.Colors)], created, created})
		chanRows = append(chanRows, row{chans[i], users[i], ids.Random(15), channel.NewStreamKey(), "BASIC", created})
		// Half upload an avatar, a quarter a banner: the cards' outer joins find rows.
		if i%2 == 0 {
			assetRows = append(assetRows, row{users[i], "avatar", "u/" + users[i] + "/avatar-" + ids.Random(8) + ".webp", created})
		}
		if i%4 == 0 {
			assetRows = append(assetRows, row{users[i], "banner", "u/" + users[i] + "/banner-" + ids.Random(8) + ".webp", created})
		}
		for h := range o.history {
			start := at(time.Duration(24*(h+1))*time.Hour + time.Duration(rng.IntN(3600))*time.Second)
			sessRows = append(sessRows, row{health.NewSessionID(), chans[i], o.node, start, start + 3_600_000, true})
		}
		if live[i] {
			start := at(time.Duration(rng.IntN(4*3600)) * time.Second)
			sessRows = append(sessRows, row{health.NewSessionID(), chans[i], o.node, start, nil, true})
		}
	}
	for i := range o.channels {
		// Repeats are rare and dropped by ON CONFLICT DO NOTHING.
		for range o.background {
			c := rng.IntN(o.channels)
			followRows = append(followRows, row{users[i], chans[c], at(time.Duration(rng.IntN(30*24*3600)) * time.Second)})
		}
	}

	if err := insert(ctx, db, `users (id, username, email, password_hash, email_verified, avatar, color, created_at, updated_at)`, userRows); err != nil {
		return err
	}
	if err := insert(ctx, db, `channels (id, user_id, playback_id, stream_key, type, created_at)`, chanRows); err != nil {
		return err
	}
	if err := insert(ctx, db, `profile_assets (user_id, kind, file_key, updated_at)`, assetRows); err != nil {
		return err
	}
	if err := insert(ctx, db, `stream_sessions (id, channel_id, node, start_time, end_time, stream_started)`, sessRows); err != nil {
		return err
	}
	if err := insert(ctx, db, `follows (user_id, channel_id, created_at)`, followRows); err != nil {
		return err
	}
	// The follower's follows: one a minute, newest last in the shuffled order.
	for n, c := range followed {
		err := db.ExecRaw(ctx, `INSERT INTO follows (user_id, channel_id, created_at)
			SELECT id, $1, $2 FROM users WHERE lower(username) = lower($3) ON CONFLICT DO NOTHING`,
			chans[c], at(time.Duration(len(followed)-n)*time.Minute), o.follower)
		if err != nil {
			return fmt.Errorf("follow %d: %w", n, err)
		}
	}
	for _, q := range strings.Split(o.exec, ";") {
		if q = strings.TrimSpace(q); q != "" {
			if err := db.ExecRaw(ctx, q); err != nil {
				return fmt.Errorf("-exec %q: %w", q, err)
			}
		}
	}
	// PostgreSQL's autovacuum would analyse these tables within a minute of
	// such inserts; do it now so the plans are the steady state's. Onair
	// never runs ANALYZE on SQLite, so SQLite keeps its default estimates.
	if db.Dialect == store.Postgres {
		if err := db.ExecRaw(ctx, `ANALYZE`); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
	}
	fmt.Printf("seeded dialect=%s channels=%d live=%d follower=%s follows=%d followed_live=%d history_sessions=%d background_follow_rows=%d took=%s\n",
		db.Dialect, o.channels, o.live, o.follower, len(followed), o.followsLive, o.history*o.channels, len(followRows),
		time.Since(started).Round(time.Millisecond))
	return nil
}

// insert writes rows into table (with its column list) in multi-row
// statements of at most 500 rows.
func insert(ctx context.Context, db *store.DB, table string, rows []row) error {
	const batch = 500
	for len(rows) > 0 {
		n := min(batch, len(rows))
		var sb strings.Builder
		sb.WriteString("INSERT INTO " + table + " VALUES ")
		args := make([]any, 0, n*len(rows[0]))
		for i, r := range rows[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(")
			for j, v := range r {
				if j > 0 {
					sb.WriteString(", ")
				}
				args = append(args, v)
				fmt.Fprintf(&sb, "$%d", len(args))
			}
			sb.WriteString(")")
		}
		sb.WriteString(" ON CONFLICT DO NOTHING")
		if err := db.ExecRaw(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("insert into %s: %w", strings.Fields(table)[0], err)
		}
		rows = rows[n:]
	}
	return nil
}
