// Package httpapi is Onair's HTTP surface: the JSON API under /api/v1, the
// OpenAPI document, health and metrics endpoints, the development mailbox and
// the embedded web app. Handlers are thin: bound the input, authorise, call
// one domain method, write JSON.
package httpapi

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/chat"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/mail"
	"github.com/onair/onair/internal/overlay"
	"github.com/onair/onair/internal/product"
	"github.com/onair/onair/internal/stage"
	"github.com/onair/onair/internal/webhook"
)

// Config is what the HTTP layer needs from the configuration.
type Config struct {
	Dev            bool
	AllowedOrigins []string
	// SecureCookies marks the session cookie Secure (the site is served over TLS).
	SecureCookies bool
	SessionTTL    time.Duration
	// Public settings the web app reads from /api/v1/config.
	ChannelType                     string
	EnableAmazonProductStreamAction bool
	Version                         string
	// API mounts /api/v1 and the web app (the "api" role); health and
	// metrics are always served.
	API bool
	// BaseURL is the public base URL (realtime addresses, the page policy).
	BaseURL string
	// ProductLinkRegionCode suffixes the affiliate tag of product links.
	ProductLinkRegionCode string
	// ConnectTo lists other origins the web app connects to (an external
	// SFU's signalling address).
	ConnectTo []string
}

// Deps are the services behind the API.
type Deps struct {
	Log      *slog.Logger
	Accounts *account.Service
	Channels *channel.Service
	// Health answers whether a channel is live (its stream sessions).
	Health *health.Service
	// Mailbox is the development mailbox; nil outside dev mode.
	Mailbox *mail.Mailbox
	// Ping checks the database for /healthz.
	Ping func(context.Context) error
	// Registry holds the process's Prometheus metrics.
	Registry *prometheus.Registry
	// Web is the built web app (index.html + assets); may be empty.
	Web fs.FS
	// HLS serves /hls/<playbackId>/... (the "media" role); nil leaves it out.
	HLS http.Handler
	// WHIP serves /whip and /whip/... (WebRTC ingest), WHEP /whep/...
	// (WebRTC playback); nil leaves them out.
	WHIP http.Handler
	WHEP http.Handler
	// Chat runs the chat rooms.
	Chat *chat.Service
	// Overlay runs stream actions and polls.
	Overlay *overlay.Service
	// Products searches the Amazon catalogue; nil when the Amazon product
	// stream action is off.
	Products *product.Client
	// Realtime serves the WebSocket endpoint /connection/websocket (the
	// "realtime" role); nil leaves it out.
	Realtime http.Handler
	// Files serves uploaded profile images under /files/.
	Files http.Handler
	// Webhooks registers owners' stream-event endpoints.
	Webhooks *webhook.Service
	// Stages runs co-host sessions; nil answers 503 on /stages.
	Stages *stage.Service
	// StageSignal serves /rtc (the embedded SFU's signalling, proxied so
	// browsers reach it on Onair's own origin); nil leaves it out.
	StageSignal http.Handler
}

// Server routes every HTTP request.
type Server struct {
	cfg      Config
	log      *slog.Logger
	acc      *account.Service
	ch       *channel.Service
	health   *health.Service
	chat     *chat.Service
	overlay  *overlay.Service
	products *product.Client
	webhooks *webhook.Service
	stages   *stage.Service
	mailbox  *mail.Mailbox
	ping     func(context.Context) error
	metrics  *metrics
	handler  http.Handler
	openapi  map[string]any
	// mounted lists every pattern served under /api/, so a test can hold
	// it against the OpenAPI document.
	mounted []string
}

func (s *Server) mount(mux *http.ServeMux, pattern string, h http.Handler) {
	s.mounted = append(s.mounted, pattern)
	mux.Handle(pattern, h)
}

// New builds the HTTP handler.
func New(cfg Config, d Deps) *Server {
	s := &Server{cfg: cfg, log: d.Log.With("component", "http"), acc: d.Accounts, ch: d.Channels, health: d.Health,
		chat: d.Chat, overlay: d.Overlay, products: d.Products, webhooks: d.Webhooks, stages: d.Stages, mailbox: d.Mailbox, ping: d.Ping, metrics: newMetrics(d.Registry)}

	mux := http.NewServeMux()
	api := http.NewServeMux()
	routes := s.routes()
	s.openapi = openAPI(routes, cfg.Version)
	for _, rt := range routes {
		s.mount(api, rt.Method+" "+rt.Path, s.endpoint(rt))
	}
	api.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.log, errNoRoute)
	})
	// Browsers must not be tricked into state changes from other sites.
	csrf := http.NewCrossOriginProtection()
	for _, o := range cfg.AllowedOrigins {
		if o != "*" {
			_ = csrf.AddTrustedOrigin(o) // validated with the config
		}
	}
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.log, errCrossOrigin)
	}))
	if cfg.API {
		mux.Handle("/api/", csrf.Handler(api))
		mux.Handle("/", newSPA(d.Web))
	}

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /status", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("OK"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{}))
	if d.HLS != nil {
		// Playback is public and cross-origin: cors below applies to it.
		mux.Handle("/hls/", d.HLS)
	}
	if d.WHIP != nil {
		// Cross-origin too (browser publishers); the stream key is the
		// credential, not a cookie.
		mux.Handle("/whip", d.WHIP)
		mux.Handle("/whip/", d.WHIP)
	}
	if d.WHEP != nil {
		mux.Handle("/whep/", d.WHEP)
	}
	if d.Realtime != nil {
		mux.Handle("GET "+realtimePath, s.realtimeGate(d.Realtime))
	}
	if d.Files != nil {
		mux.Handle("/files/", http.StripPrefix("/files/", d.Files))
	}
	if d.StageSignal != nil {
		mux.Handle("/rtc", d.StageSignal)
		mux.Handle("/rtc/", d.StageSignal)
	}
	if d.Mailbox != nil {
		mux.HandleFunc("GET /dev/mailbox", s.mailboxPage)
		mux.HandleFunc("GET /dev/mailbox.json", s.mailboxJSON)
	}

	s.handler = s.observe(securityHeaders(cfg.BaseURL, cfg.ConnectTo, s.cors(mux)))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.ping(ctx); err != nil {
		s.log.Error("health check: database", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "down"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// clientIP is the peer address; Onair does not trust forwarding headers.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
