package account_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/mail"
	"github.com/onair/onair/internal/store"
	"github.com/onair/onair/internal/testclock"
)

func newService(t *testing.T) (*account.Service, *mail.Mailbox, *testclock.Clock) {
	t.Helper()
	db, err := store.Open(context.Background(), "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	clk := testclock.New(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	box := mail.NewMailbox(50)
	svc, err := account.New(account.Config{
		ClientBaseURL: "https://onair.test", SessionTTL: 24 * time.Hour, UnverifiedTTL: 48 * time.Hour,
		Hasher: account.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1},
	}, account.Deps{Repo: db.Accounts(), Mailer: box, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return svc, box, clk
}

func register(t *testing.T, svc *account.Service, name string) account.User {
	t.Helper()
	u, err := svc.Register(context.Background(), account.RegisterInput{Username: name, Email: name + "@example.com", Password: "Passw0rd!", Avatar: "bear", Color: "blue"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func lastCode(t *testing.T, box *mail.Mailbox) (code, username string) {
	t.Helper()
	msgs := box.Messages()
	if len(msgs) == 0 {
		t.Fatal("no mail")
	}
	u, err := url.Parse(msgs[0].Links[0])
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("code"), u.Query().Get("username")
}

func TestVerificationMail(t *testing.T) {
	svc, box, _ := newService(t)
	register(t, svc, "mailme")
	m := box.Messages()[0]
	if m.To != "mailme@example.com" || len(m.Links) != 1 {
		t.Fatalf("mail = %+v", m)
	}
	u, _ := url.Parse(m.Links[0])
	if u.Scheme != "https" || u.Host != "onair.test" || u.Path != "/login" || u.Query().Get("username") != "mailme" || len(u.Query().Get("code")) < 40 {
		t.Errorf("link = %s", m.Links[0])
	}
	if m.Text == "" || m.HTML == "" {
		t.Error("mail body missing")
	}
}

func TestCodesExpire(t *testing.T) {
	ctx := context.Background()
	svc, box, clk := newService(t)
	register(t, svc, "slowpoke")
	code, name := lastCode(t, box)
	clk.Advance(24*time.Hour + time.Second)
	if _, err := svc.Verify(ctx, name, code); !errors.Is(err, account.ErrCodeExpired) {
		t.Fatalf("verify after 24h = %v, want expired", err)
	}
	if err := svc.ResendVerification(ctx, name); err != nil {
		t.Fatal(err)
	}
	code, _ = lastCode(t, box)
	if _, err := svc.Verify(ctx, name, code); err != nil {
		t.Fatalf("fresh code: %v", err)
	}
	if err := svc.RequestPasswordReset(ctx, "slowpoke@example.com"); err != nil {
		t.Fatal(err)
	}
	code, _ = lastCode(t, box)
	clk.Advance(61 * time.Minute)
	if err := svc.ConfirmPasswordReset(ctx, name, code, "N3w-Passw0rd"); !errors.Is(err, account.ErrCodeExpired) {
		t.Fatalf("reset after 61 min = %v, want expired", err)
	}
}

func TestUnverifiedCleanup(t *testing.T) {
	ctx := context.Background()
	svc, box, clk := newService(t)
	stale := register(t, svc, "stale")
	clk.Advance(47 * time.Hour)
	recent := register(t, svc, "recent")
	kept := register(t, svc, "kept")
	code, name := lastCode(t, box)
	if name != "kept" {
		t.Fatalf("last mail for %s", name)
	}
	if _, err := svc.Verify(ctx, name, code); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour) // stale is 49 h old, recent 2 h
	n, err := svc.DeleteUnverified(ctx)
	if err != nil || n != 1 {
		t.Fatalf("DeleteUnverified = %d, %v", n, err)
	}
	if _, err := svc.User(ctx, stale.ID); !errors.Is(err, account.ErrUserNotFound) {
		t.Errorf("stale account kept: %v", err)
	}
	for _, u := range []account.User{recent, kept} {
		if _, err := svc.User(ctx, u.ID); err != nil {
			t.Errorf("%s deleted: %v", u.Username, err)
		}
	}
	// A verified account is never cleaned up, however old.
	clk.Advance(30 * 24 * time.Hour)
	svc.DeleteUnverified(ctx)
	if _, err := svc.User(ctx, kept.ID); err != nil {
		t.Errorf("verified account deleted: %v", err)
	}
}

func TestSessionExpiry(t *testing.T) {
	ctx := context.Background()
	svc, box, clk := newService(t)
	register(t, svc, "sessioned")
	code, name := lastCode(t, box)
	svc.Verify(ctx, name, code)
	_, token, err := svc.SignIn(ctx, "sessioned", "Passw0rd!", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(23 * time.Hour)
	if _, err := svc.Authenticate(ctx, token); err != nil {
		t.Fatalf("session within TTL: %v", err)
	}
	clk.Advance(2 * time.Hour)
	if _, err := svc.Authenticate(ctx, token); err == nil {
		t.Fatal("session outlived its TTL")
	}
}

func TestSignInLimiterWindow(t *testing.T) {
	ctx := context.Background()
	svc, box, clk := newService(t)
	register(t, svc, "locked")
	code, name := lastCode(t, box)
	svc.Verify(ctx, name, code)
	for range 5 {
		svc.SignIn(ctx, "locked", "Wr0ng-pass!", "10.0.0.1")
	}
	if _, _, err := svc.SignIn(ctx, "LOCKED", "Passw0rd!", "10.0.0.2"); !errors.Is(err, account.ErrSignInLimit) {
		t.Fatalf("limited account from another IP = %v", err)
	}
	clk.Advance(16 * time.Minute)
	if _, _, err := svc.SignIn(ctx, "locked", "Passw0rd!", "10.0.0.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestHasherRoundTrip(t *testing.T) {
	h := account.Hasher{MemoryKiB: 64, Iterations: 1, Threads: 1}
	enc, err := h.Hash("Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	enc2, _ := h.Hash("Passw0rd!")
	if enc == enc2 {
		t.Error("two hashes of one password are equal: salt missing")
	}
	// Verification uses the parameters stored in the hash, not the hasher's.
	stronger := account.Hasher{MemoryKiB: 128, Iterations: 2, Threads: 1}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"Passw0rd!", true}, {"passw0rd!", false}, {"", false}} {
		ok, err := stronger.Verify(tc.pw, enc)
		if err != nil || ok != tc.want {
			t.Errorf("Verify(%q) = %v, %v", tc.pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=64,t=1,p=1$!!$!!", "$bcrypt$x", "$argon2id$v=18$m=64,t=1,p=1$YQ$YQ"} {
		if _, err := h.Verify("x", bad); err == nil {
			t.Errorf("Verify accepted malformed hash %q", bad)
		}
	}
}
