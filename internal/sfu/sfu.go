// Package sfu is the stages' real-time media server: LiveKit, run as one
// node inside this process by default or reached as an external deployment,
// and the access tokens Onair mints for it. Who may join a stage and with
// which rights is decided by the caller; this package only turns a decision
// into a token LiveKit honours.
package sfu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	lkconfig "github.com/livekit/livekit-server/pkg/config"
	"github.com/livekit/livekit-server/pkg/routing"
	"github.com/livekit/livekit-server/pkg/service"
	lkprometheus "github.com/livekit/livekit-server/pkg/telemetry/prometheus"
	"github.com/livekit/protocol/auth"
)

// Config chooses between the embedded node and an external deployment.
type Config struct {
	// URL of an external LiveKit deployment (ws:// or wss://); empty runs
	// the embedded node.
	URL       string
	APIKey    string
	APISecret string

	// The embedded node: its signalling listens on SignalAddr (host:port,
	// port 0 picks a free one), media on one UDP and one TCP port, and it
	// advertises NodeIP to browsers (empty: LiveKit finds the address).
	// UDPPort 0 picks a free port; TCPPort 0 turns ICE over TCP off. A
	// loopback NodeIP keeps media on loopback (tests).
	SignalAddr string
	UDPPort    int
	TCPPort    int
	NodeIP     string

	Log *slog.Logger
}

var startMu sync.Mutex

// SFU is a running LiveKit node, or the address and keys of an external one.
type SFU struct {
	url    string
	key    string
	secret string
	server *service.LivekitServer
	done   chan error
}

// Start runs the embedded node (or checks the external configuration) and
// returns once it accepts connections.
func Start(ctx context.Context, cfg Config) (*SFU, error) {
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	if cfg.URL != "" {
		if cfg.APIKey == "" || cfg.APISecret == "" {
			return nil, errors.New("sfu: an external LiveKit URL needs an API key and secret")
		}
		return &SFU{url: strings.TrimRight(cfg.URL, "/"), key: cfg.APIKey, secret: cfg.APISecret}, nil
	}

	// LiveKit keeps process-wide state (metrics, logger) that its start-up
	// writes without locks: nodes in one process start one at a time.
	startMu.Lock()
	defer startMu.Unlock()
	host, port, err := signalAddress(cfg.SignalAddr)
	if err != nil {
		return nil, err
	}
	if cfg.UDPPort == 0 {
		if cfg.UDPPort, err = freePort("udp", host); err != nil {
			return nil, err
		}
	}
	// Keys of the embedded node live as long as the process: only Onair
	// mints tokens for it.
	key, secret := "onair", randomHex(32)
	conf, err := lkconfig.NewConfig(embeddedYAML(host, port, cfg, key, secret), true, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("sfu: livekit config: %w", err)
	}
	useLogger(log.With("component", "sfu"))
	node, err := routing.NewLocalNode(conf)
	if err != nil {
		return nil, fmt.Errorf("sfu: livekit node: %w", err)
	}
	// LiveKit's counters must exist before its first room (the first call wins).
	if err := lkprometheus.Init(string(node.NodeID()), node.NodeType()); err != nil {
		return nil, fmt.Errorf("sfu: livekit metrics: %w", err)
	}
	server, err := service.InitializeServer(conf, node)
	if err != nil {
		return nil, fmt.Errorf("sfu: livekit server: %w", err)
	}
	s := &SFU{
		url:    "ws://" + net.JoinHostPort(host, strconv.Itoa(port)),
		key:    key,
		secret: secret,
		server: server,
		done:   make(chan error, 1),
	}
	go func() { s.done <- server.Start() }()
	if err := s.waitReady(ctx); err != nil {
		server.Stop(true)
		return nil, err
	}
	log.Info("sfu listening", "component", "sfu", "signal", s.url, "udp", cfg.UDPPort, "tcp", cfg.TCPPort)
	return s, nil
}

// URL is where LiveKit clients connect (ws:// or wss://).
func (s *SFU) URL() string { return s.url }

// HTTPURL is the signalling address as http(s), for LiveKit's HTTP APIs.
func (s *SFU) HTTPURL() string {
	return "http" + strings.TrimPrefix(s.url, "ws")
}

// Close stops the embedded node, dropping its participants.
func (s *SFU) Close() error {
	if s.server == nil {
		return nil
	}
	s.server.Stop(true)
	return <-s.done
}

// Grant is what one participant may do in one room.
type Grant struct {
	Room     string
	Identity string
	Name     string
	// Publish lets the participant send camera, microphone and screen.
	Publish bool
	// Admin lets the participant manage the room (Onair's own calls).
	Admin bool
	TTL   time.Duration
	// Attributes are what every participant of the room sees of this one.
	Attributes map[string]string
}

// Token mints a LiveKit access token for g.
func (s *SFU) Token(g Grant) (string, error) {
	if g.Identity == "" || (g.Room == "" && !g.Admin) {
		return "", errors.New("sfu: a token needs an identity and a room")
	}
	ttl := g.TTL
	if ttl <= 0 {
		ttl = 6 * time.Hour
	}
	grant := &auth.VideoGrant{Room: g.Room, RoomJoin: g.Room != "" && !g.Admin, RoomAdmin: g.Admin, RoomCreate: g.Admin, RoomList: g.Admin}
	grant.SetCanPublish(g.Publish)
	grant.SetCanPublishData(g.Publish)
	grant.SetCanSubscribe(true)
	if g.Publish {
		grant.CanPublishSources = []string{"camera", "microphone", "screen_share", "screen_share_audio"}
	}
	token, err := auth.NewAccessToken(s.key, s.secret).
		SetIdentity(g.Identity).
		SetName(g.Name).
		SetValidFor(ttl).
		SetVideoGrant(grant).
		SetAttributes(g.Attributes).
		ToJWT()
	if err != nil {
		return "", fmt.Errorf("sfu: mint token: %w", err)
	}
	return token, nil
}

// waitReady returns once the node answers and counts itself running:
// LiveKit's Stop does nothing before then, and its Start would then wait
// forever for a stop that already came (a test that closes at once).
func (s *SFU) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.HTTPURL()+"/", nil)
		if res, err := client.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK && s.server.IsRunning() {
				return nil
			}
		}
		select {
		case err := <-s.done:
			return fmt.Errorf("sfu: livekit stopped while starting: %w", err)
		case <-ctx.Done():
			return fmt.Errorf("sfu: livekit did not come up: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// signalAddress resolves host:port, picking a free port for port 0.
func signalAddress(addr string) (string, int, error) {
	if addr == "" {
		addr = "127.0.0.1:7880"
	}
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("sfu: signal address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return "", 0, fmt.Errorf("sfu: signal port %q: %w", p, err)
	}
	if host == "" {
		host = "0.0.0.0"
	}
	if port == 0 {
		if port, err = freePort("tcp", host); err != nil {
			return "", 0, err
		}
	}
	return host, port, nil
}

// freePort finds a free port: LiveKit takes port numbers, not listeners.
func freePort(network, host string) (int, error) {
	addr := net.JoinHostPort(host, "0")
	if network == "udp" {
		c, err := net.ListenPacket("udp", addr)
		if err != nil {
			return 0, fmt.Errorf("sfu: free udp port: %w", err)
		}
		defer c.Close()
		return c.LocalAddr().(*net.UDPAddr).Port, nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return 0, fmt.Errorf("sfu: free tcp port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func embeddedYAML(host string, port int, cfg Config, key, secret string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "port: %d\nbind_addresses: [%q]\n", port, host)
	fmt.Fprintf(&b, "keys:\n  %s: %s\n", key, secret)
	b.WriteString("rtc:\n")
	fmt.Fprintf(&b, "  udp_port: %d\n  tcp_port: %d\n", cfg.UDPPort, cfg.TCPPort)
	b.WriteString("  use_external_ip: false\n")
	if cfg.NodeIP != "" {
		fmt.Fprintf(&b, "  node_ip: %s\n", cfg.NodeIP)
		if ip := net.ParseIP(cfg.NodeIP); ip != nil && ip.IsLoopback() {
			b.WriteString("  enable_loopback_candidate: true\n")
			fmt.Fprintf(&b, "  ips:\n    includes: [%s/32]\n", cfg.NodeIP)
		}
	}
	// Stages hold at most 12 publishers; Onair enforces the rules itself.
	b.WriteString("room:\n  auto_create: true\n  empty_timeout: 300\n")
	return b.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
