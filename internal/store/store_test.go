package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/store"
)

// eachDB runs fn against a fresh SQLite database and, when
// ONAIR_TEST_POSTGRES_URL is set, a fresh PostgreSQL schema.
func eachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		db, err := store.Open(context.Background(), "", t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fn(t, db)
	})
	pgURL := os.Getenv("ONAIR_TEST_POSTGRES_URL")
	if pgURL == "" {
		return
	}
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, OpenPostgresSchema(t, pgURL))
	})
}

// OpenPostgresSchema opens a migrated database in a scratch schema that is
// dropped when the test ends.
func OpenPostgresSchema(t *testing.T, base string) *store.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := store.Open(ctx, base, "")
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if err := admin.ExecRaw(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin.ExecRaw(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

var t0 = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func newUser(id, username, email string) account.User {
	return account.User{ID: account.UserID(id), Username: username, Email: email, Avatar: "bear", Color: "blue", PasswordHash: "h", CreatedAt: t0}
}

func TestUsers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := db.Accounts()
		if err := a.CreateUser(ctx, newUser("u1", "Alice", "alice@example.com")); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			user account.User
			want error
		}{
			{"username differs only in case", newUser("u2", "aLiCe", "other@example.com"), account.ErrUsernameTaken},
			{"same email", newUser("u3", "bob_1", "alice@example.com"), account.ErrEmailTaken},
			{"distinct", newUser("u4", "bob_2", "bob@example.com"), nil},
		}
		for _, tc := range tests {
			if err := a.CreateUser(ctx, tc.user); !errors.Is(err, tc.want) {
				t.Errorf("%s: CreateUser = %v, want %v", tc.name, err, tc.want)
			}
		}
		u, err := a.UserByUsername(ctx, "ALICE")
		if err != nil || u.ID != "u1" || u.Username != "Alice" {
			t.Fatalf("UserByUsername(ALICE) = %+v, %v", u, err)
		}
		if _, err := a.UserByEmail(ctx, "Alice@Example.com"); err != nil {
			t.Fatalf("UserByEmail mixed case: %v", err)
		}
		if _, err := a.UserByID(ctx, "nope"); !errors.Is(err, account.ErrUserNotFound) {
			t.Fatalf("UserByID(nope) = %v, want not found", err)
		}
		if err := a.UpdateUsername(ctx, "u4", "ALICE", t0); !errors.Is(err, account.ErrUsernameTaken) {
			t.Fatalf("rename onto taken name = %v", err)
		}
		if err := a.UpdateUsername(ctx, "u1", "alice.new", t0); err != nil {
			t.Fatal(err)
		}
		if err := a.SetPendingEmail(ctx, "u1", "new@example.com", t0); err != nil {
			t.Fatal(err)
		}
		if err := a.ConfirmEmail(ctx, "u1", "new@example.com", t0); err != nil {
			t.Fatal(err)
		}
		u, _ = a.UserByID(ctx, "u1")
		if u.Email != "new@example.com" || !u.EmailVerified || u.PendingEmail != "" || u.Username != "alice.new" {
			t.Fatalf("after rename + email change: %+v", u)
		}
		if err := a.UpdateProfile(ctx, "missing", "dog", "green", t0); !errors.Is(err, account.ErrUserNotFound) {
			t.Fatalf("UpdateProfile(missing) = %v", err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := db.Accounts()
		a.CreateUser(ctx, newUser("u1", "alice", "a@example.com"))
		s := account.Session{IDHash: "h1", UserID: "u1", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour), LastSeenAt: t0}
		if err := a.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, u, err := a.SessionUser(ctx, "h1", t0.Add(time.Minute)); err != nil || u.Username != "alice" {
			t.Fatalf("SessionUser = %v, %v", u, err)
		}
		if _, _, err := a.SessionUser(ctx, "h1", t0.Add(2*time.Hour)); !errors.Is(err, account.ErrSessionNotFound) {
			t.Fatalf("expired session = %v", err)
		}
		a.CreateSession(ctx, account.Session{IDHash: "h2", UserID: "u1", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour), LastSeenAt: t0})
		if err := a.DeleteUserSessions(ctx, "u1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := a.SessionUser(ctx, "h2", t0); !errors.Is(err, account.ErrSessionNotFound) {
			t.Fatalf("revoked session = %v", err)
		}

		tok := account.Token{Hash: "t1", UserID: "u1", Purpose: account.PurposeVerifyEmail, Email: "a@example.com", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		a.CreateToken(ctx, tok)
		a.CreateToken(ctx, account.Token{Hash: "t2", UserID: "u1", Purpose: account.PurposeVerifyEmail, CreatedAt: t0, ExpiresAt: t0.Add(time.Minute)})
		if _, err := a.ConsumeToken(ctx, "t1", account.PurposeResetPassword, t0); !errors.Is(err, account.ErrCodeMismatch) {
			t.Fatalf("wrong purpose = %v", err)
		}
		if _, err := a.ConsumeToken(ctx, "t2", account.PurposeVerifyEmail, t0.Add(time.Hour)); !errors.Is(err, account.ErrCodeExpired) {
			t.Fatalf("expired token = %v", err)
		}
		// Concurrent consumers: exactly one wins.
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got, err := a.ConsumeToken(ctx, "t1", account.PurposeVerifyEmail, t0); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
					if got.Email != "a@example.com" || got.UserID != "u1" {
						t.Errorf("consumed token = %+v", got)
					}
				}
			}()
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("token consumed %d times, want 1", wins)
		}
		if n, err := a.CountTokensSince(ctx, "u1", account.PurposeVerifyEmail, t0.Add(-time.Minute)); err != nil || n != 2 {
			t.Fatalf("CountTokensSince = %d, %v", n, err)
		}
	})
}

func TestDeleteCascadesAndUnverifiedCleanup(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, c := db.Accounts(), db.Channels()
		old := newUser("old", "oldie", "old@example.com")
		fresh := newUser("new", "fresh", "new@example.com")
		fresh.CreatedAt = t0.Add(47 * time.Hour)
		verified := newUser("ver", "veri", "ver@example.com")
		verified.EmailVerified = true
		for _, u := range []account.User{old, fresh, verified} {
			if err := a.CreateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}
		c.CreateChannel(ctx, channel.Channel{ID: "c1", UserID: "ver", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0})
		a.CreateSession(ctx, account.Session{IDHash: "s", UserID: "ver", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour), LastSeenAt: t0})

		n, err := a.DeleteUnverified(ctx, t0.Add(time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("DeleteUnverified = %d, %v; want 1", n, err)
		}
		if _, err := a.UserByID(ctx, "new"); err != nil {
			t.Fatalf("fresh unverified user deleted: %v", err)
		}
		if err := a.DeleteUser(ctx, "ver"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ChannelByUser(ctx, "ver"); !errors.Is(err, channel.ErrNotFound) {
			t.Fatalf("channel after delete = %v", err)
		}
		if _, _, err := a.SessionUser(ctx, "s", t0); !errors.Is(err, account.ErrSessionNotFound) {
			t.Fatalf("session after delete = %v", err)
		}
		// The username and email are free again.
		if err := a.CreateUser(ctx, newUser("ver2", "VERI", "ver@example.com")); err != nil {
			t.Fatalf("re-register deleted name: %v", err)
		}
	})
}

func TestChannels(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, c := db.Accounts(), db.Channels()
		a.CreateUser(ctx, newUser("u1", "Streamer", "s@example.com"))
		ch := channel.Channel{ID: "c1", UserID: "u1", PlaybackID: "p1", StreamKey: "sk_1", Type: "BASIC", CreatedAt: t0}
		if err := c.CreateChannel(ctx, ch); err != nil {
			t.Fatal(err)
		}
		// A second provisioning for the same user is a no-op.
		if err := c.CreateChannel(ctx, channel.Channel{ID: "c2", UserID: "u1", PlaybackID: "p2", StreamKey: "sk_2", Type: "BASIC", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		got, err := c.ChannelByUser(ctx, "u1")
		if err != nil || got.ID != "c1" || got.StreamKey != "sk_1" || !got.CreatedAt.Equal(t0) {
			t.Fatalf("ChannelByUser = %+v, %v", got, err)
		}
		if err := c.SetStreamKey(ctx, "u1", "sk_new"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.ChannelByStreamKey(ctx, "sk_1"); !errors.Is(err, channel.ErrNotFound) {
			t.Fatalf("old key still valid: %v", err)
		}
		if got, err := c.ChannelByID(ctx, "c1"); err != nil || got.UserID != "u1" || got.Type != "BASIC" {
			t.Fatalf("ChannelByID = %+v, %v", got, err)
		}
		if _, err := c.ChannelByID(ctx, "c-none"); !errors.Is(err, channel.ErrNotFound) {
			t.Fatalf("ChannelByID(unknown) = %v", err)
		}
		if got, err := c.ChannelByStreamKey(ctx, "sk_new"); err != nil || got.ID != "c1" {
			t.Fatalf("ChannelByStreamKey(new) = %+v, %v", got, err)
		}
		p, err := c.ProfileByUsername(ctx, "streamer")
		if err != nil || p.Username != "Streamer" || p.ChannelID != "c1" || p.PlaybackID != "p1" {
			t.Fatalf("ProfileByUsername = %+v, %v", p, err)
		}
		if _, err := c.ProfileByUsername(ctx, "nobody"); !errors.Is(err, channel.ErrProfileNotFound) {
			t.Fatalf("unknown profile = %v", err)
		}
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
	})
}
