// Package apptest starts a whole Onair app in-process on 127.0.0.1:0 with a
// temporary data directory, for integration tests and benchmarks.
package apptest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/app"
	"github.com/onair/onair/internal/config"
)

// Server is a running app.
type Server struct {
	URL  string
	App  *app.App
	Logs *SyncBuffer
}

// Options adjust the test configuration.
type Options struct {
	// Configure edits the config before start.
	Configure func(*config.Config)
	// Postgres runs against ONAIR_TEST_POSTGRES_URL in a scratch schema
	// (the caller provides the URL with search_path set).
	DatabaseURL string
	// Now is the app's clock (default time.Now).
	Now func() time.Time
	// Stages runs the embedded SFU (the "stage" role) on loopback ports.
	Stages bool
}

// SyncBuffer is a goroutine-safe log sink.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Config returns the test defaults: dev mode, loopback, cheap hashing.
func Config(t testing.TB) config.Config {
	cfg := config.Default()
	cfg.Dev = true
	cfg.DataDir = t.TempDir()
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.RTMP.Addr = "127.0.0.1:0"
	cfg.WebRTC.UDPAddr = "127.0.0.1:0"
	// The SFU starts only where a test asks for stages (Options.Stages).
	cfg.Roles = slices.DeleteFunc(cfg.Roles, func(r string) bool { return r == config.RoleStage })
	cfg.Stages.SignalAddr, cfg.Stages.UDPPort, cfg.Stages.TCPPort, cfg.Stages.NodeIP = "127.0.0.1:0", 0, 0, "127.0.0.1"
	cfg.Accounts.PasswordHashMemoryKiB = 1024
	cfg.Accounts.PasswordHashIterations = 1
	return cfg
}

// Start runs the app until the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	cfg := Config(t)
	cfg.Database.URL = opts.DatabaseURL
	if opts.Stages {
		cfg.Roles = append(cfg.Roles, config.RoleStage)
	}
	if opts.Configure != nil {
		opts.Configure(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	logs := &SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Listen(ctx, cfg, app.Options{Log: log, Now: opts.Now})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("app run: %v", err)
		}
		a.Close()
		if t.Failed() && os.Getenv("ONAIR_TEST_LOGS") != "" {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	s := &Server{URL: a.BaseURL(), App: a, Logs: logs}
	s.waitReady(t)
	return s
}

func (s *Server) waitReady(t testing.TB) {
	c := apiclient.New(s.URL)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := c.Config(context.Background())
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("server at %s not ready: %v", s.URL, err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// RTMPAddr is the bound RTMP ingest address.
func (s *Server) RTMPAddr() string { return s.App.RTMPAddr() }

// RTMPURL is the publish URL for streamKey.
func (s *Server) RTMPURL(streamKey string) string {
	return "rtmp://" + s.RTMPAddr() + "/live/" + streamKey
}

// Client returns a new anonymous client.
func (s *Server) Client() *apiclient.Client { return apiclient.New(s.URL) }

// LastLink returns the newest link mailed to address whose path is path
// ("/login" or "/reset"), with its code and username.
func (s *Server) LastLink(t testing.TB, address, path string) (code, username string) {
	t.Helper()
	for _, m := range s.App.Mailbox.Messages() {
		if !strings.EqualFold(m.To, address) {
			continue
		}
		for _, l := range m.Links {
			u, err := url.Parse(l)
			if err == nil && u.Path == path {
				return u.Query().Get("code"), u.Query().Get("username")
			}
		}
	}
	t.Fatalf("no %s link mailed to %s", path, address)
	return "", ""
}

// Password is a password satisfying the policy.
const Password = "Passw0rd!"

// SignedIn registers, verifies and signs in a user, returning its client.
func (s *Server) SignedIn(t testing.TB, username string) *apiclient.Client {
	t.Helper()
	ctx := context.Background()
	c := s.Client()
	email := strings.ToLower(username) + "@example.com"
	res, err := c.Register(ctx, api.RegisterRequest{Username: username, Email: email, Password: Password, Avatar: "bear", Color: "blue"})
	if err != nil {
		t.Fatalf("register %s: %v", username, err)
	}
	if !res.UserConfirmed {
		code, name := s.LastLink(t, email, "/login")
		if _, err := c.Verify(ctx, name, code); err != nil {
			t.Fatalf("verify %s: %v", username, err)
		}
	}
	if _, err := c.SignIn(ctx, username, Password); err != nil {
		t.Fatalf("sign in %s: %v", username, err)
	}
	return c
}

// IsCode reports whether err is an API error with this status and code.
func IsCode(err error, status int, code string) bool {
	var e *apiclient.Error
	return errors.As(err, &e) && e.Status == status && e.Code == code
}
