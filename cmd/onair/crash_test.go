package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/store"
)

// buildBinary compiles onair (without the web app) once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "onair")
	out, err := exec.Command("go", "build", "-tags", "noui", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running onair serve.
type process struct {
	cmd  *exec.Cmd
	url  string
	logs *apptest.SyncBuffer
}

// serve starts onair serve on dataDir with extra environment (KEY=value).
func serve(t *testing.T, bin, dataDir string, env ...string) *process {
	t.Helper()
	ready := filepath.Join(dataDir, "ready")
	os.Remove(ready)
	p := &process{logs: &apptest.SyncBuffer{}}
	p.cmd = exec.Command(bin, "serve")
	p.cmd.Env = append(os.Environ(), "ONAIR_DATA_DIR="+dataDir, "ONAIR_HTTP_ADDR=127.0.0.1:0", "ONAIR_RTMP_ADDR=127.0.0.1:0",
		"ONAIR_READY_FILE="+ready, "ONAIR_WEBRTC_UDP_ADDR=127.0.0.1:0", "ONAIR_DEV=1",
		"ONAIR_STAGES_SIGNAL_ADDR=127.0.0.1:0", "ONAIR_STAGES_UDP_PORT=0", "ONAIR_STAGES_TCP_PORT=0", "ONAIR_STAGES_NODE_IP=127.0.0.1", "ONAIR_PASSWORD_HASH_MEMORY_KIB=1024", "ONAIR_PASSWORD_HASH_ITERATIONS=1")
	p.cmd.Env = append(p.cmd.Env, env...)
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	deadline := time.Now().Add(20 * time.Second)
	for {
		if b, err := os.ReadFile(ready); err == nil {
			p.url = strings.TrimSpace(string(b))
			return p
		}
		if time.Now().After(deadline) {
			t.Fatalf("onair not ready:\n%s", p.logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCrashClosesOpenSessions kills onair with SIGKILL during a live stream
// and restarts it: the session the crash left open is closed with its end
// events, and the next publish opens a new one.
func TestCrashClosesOpenSessions(t *testing.T) {
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg is not installed")
	}
	t.Parallel()
	ctx := context.Background()
	bin := buildBinary(t)
	dataDir := t.TempDir()

	var created struct {
		ChannelID string `json:"channelId"`
		StreamKey string `json:"streamKey"`
	}
	out, err := exec.Command(bin, "user", "create", "--username", "crashy", "--email", "crashy@example.com",
		"--password", apptest.Password, "--verified", "--json", "--data-dir", dataDir).Output()
	if err != nil || json.Unmarshal(out, &created) != nil {
		t.Fatalf("user create: %v\n%s", err, out)
	}

	goLive := func(p *process) *apptest.Publisher {
		t.Helper()
		c := apiclient.New(p.url)
		if _, err := c.SignIn(ctx, "crashy", apptest.Password); err != nil {
			t.Fatal(err)
		}
		own, err := c.OwnChannel(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pub := apptest.PublishTo(t, own.IngestServerURL+own.StreamKeyValue, apptest.PublishOptions{Loops: -1})
		waitLive(t, c, true)
		return pub
	}

	first := serve(t, bin, dataDir)
	pub := goLive(first)
	if err := first.cmd.Process.Signal(os.Kill); err != nil {
		t.Fatal(err)
	}
	first.cmd.Wait()
	pub.Stop()

	second := serve(t, bin, dataDir)
	c := apiclient.New(second.url)
	waitLive(t, c, false)
	if !strings.Contains(second.logs.String(), "closed stream sessions left open by an earlier run") {
		t.Errorf("restart did not report the recovered session:\n%s", second.logs)
	}

	db, err := store.Open(ctx, "", dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sessions := health.New(health.Config{}, health.Deps{Repo: db.Sessions(), Log: slog.New(slog.DiscardHandler)})
	crashed, err := sessions.Latest(ctx, channel.ID(created.ChannelID))
	if err != nil {
		t.Fatal(err)
	}
	if crashed.EndTime.IsZero() || crashed.IsLive() {
		t.Fatalf("crashed session still open: %+v", crashed)
	}
	events, _ := sessions.Events(ctx, crashed.ID)
	var names []string
	for _, e := range events {
		names = append(names, e.Name)
	}
	if got := strings.Join(names, ","); got != "Session Created,Stream Start,Stream End,Session Ended" {
		t.Errorf("crashed session events = %s", got)
	}

	goLive(second)
	next, err := sessions.Latest(ctx, channel.ID(created.ChannelID))
	if err != nil || next.ID == crashed.ID || !next.IsLive() {
		t.Fatalf("after restart, latest session = %+v, %v; want a new live one", next, err)
	}
	if bytes.Contains([]byte(first.logs.String()+second.logs.String()), []byte(created.StreamKey)) {
		t.Error("a log holds the stream key")
	}
}

func waitLive(t *testing.T, c *apiclient.Client, live bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		p, err := c.PublicChannel(context.Background(), "crashy")
		if err == nil && p.IsLive == live {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("channel live=%v never reached (last: %+v, %v)", live, p, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
