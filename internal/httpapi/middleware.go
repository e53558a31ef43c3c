package httpapi

import (
	"github.com/onair/onair/internal/api"

	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	sessionKey
)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusRecorder captures the status for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and deadlines.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Hijack hands the connection over for WebSocket upgrades (the realtime
// endpoint's library asks for http.Hijacker directly).
func (s *statusRecorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := s.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("connection cannot be hijacked")
	}
	conn, rw, err := h.Hijack()
	if err == nil && s.status == 0 {
		s.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

// metrics are the HTTP server's Prometheus series.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "onair_http_requests_total", Help: "HTTP requests by route, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "onair_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// observe wraps the whole handler: request id, panic recovery, access log
// (path only: query strings may carry one-time codes) and metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic in handler", "method", r.Method, "path", logPath(r.URL.Path), "request_id", id, "panic", p)
				if rec.status == 0 {
					writeJSON(rec, http.StatusInternalServerError, api.ErrorBody{Error: api.ErrorDetail{Code: "UnexpectedException", Message: "An unexpected error occurred, please try again later.", RequestID: id}})
				}
			}
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			elapsed := time.Since(start)
			s.metrics.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
			s.metrics.duration.WithLabelValues(route, r.Method).Observe(elapsed.Seconds())
			level := slog.LevelDebug
			if strings.HasPrefix(r.URL.Path, "/api/") || status >= 500 {
				level = slog.LevelInfo
			}
			s.log.Log(r.Context(), level, "http request", "method", r.Method, "path", logPath(r.URL.Path), "status", status,
				"duration_ms", elapsed.Milliseconds(), "request_id", id)
		}()
		next.ServeHTTP(rec, r)
	})
}

// logPath is a request path as logged: WHIP clients may put anything after
// /whip/, the stream key included, so that part is left out.
func logPath(p string) string {
	if strings.HasPrefix(p, "/whip/") && len(p) > len("/whip/") {
		return "/whip/*"
	}
	return p
}

// cors applies allowedOrigins: "*" allows any origin without credentials, a
// list allows those origins with credentials, empty disables CORS.
func (s *Server) cors(next http.Handler) http.Handler {
	any := slices.Contains(s.cfg.AllowedOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		allowed := origin != "" && (any || slices.Contains(s.cfg.AllowedOrigins, origin))
		if allowed {
			h := w.Header()
			h.Add("Vary", "Origin")
			if any {
				h.Set("Access-Control-Allow-Origin", "*")
			} else {
				h.Set("Access-Control-Allow-Origin", origin)
				h.Set("Access-Control-Allow-Credentials", "true")
			}
			h.Set("Access-Control-Expose-Headers", "Location, ETag, X-Request-Id")
		}
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
			if allowed {
				h := w.Header()
				h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
				h.Set("Access-Control-Allow-Headers", "Content-Type, Authorization, If-Match")
				h.Set("Access-Control-Max-Age", "600")
			}
			if strings.HasPrefix(r.URL.Path, "/whip") || strings.HasPrefix(r.URL.Path, "/whep/") {
				w.Header().Set("Accept-Post", "application/sdp") // RFC 9725 4.1
			}
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets headers every response should carry, the content
// security policy among them (it matters for HTML pages and costs nothing
// on the rest).
func securityHeaders(baseURL string, connectTo []string, next http.Handler) http.Handler {
	csp := contentSecurityPolicy(baseURL, "", connectTo...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", csp)
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy is the policy of Onair's pages: scripts, styles and
// fonts from this site only (no inline script, no eval); the API, WHIP/WHEP
// and the realtime WebSocket on this site; hls.js and the web broadcast
// compositor use blob: media and workers; images may come from elsewhere
// (product pictures). style adds allowed inline style sources (hashes);
// connectTo adds origins scripts may connect to (an external SFU).
func contentSecurityPolicy(baseURL, style string, connectTo ...string) string {
	connect := "'self'"
	if ws := websocketOrigin(baseURL); ws != "" {
		connect += " " + ws // some browsers do not count ws(s) as 'self'
	}
	for _, origin := range connectTo {
		connect += " " + origin
	}
	styleSrc := "'self'"
	if style != "" {
		styleSrc += " " + style
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src " + styleSrc,
		"img-src 'self' data: blob: https:",
		"media-src 'self' blob:",
		"worker-src 'self' blob:",
		"connect-src " + connect,
		"font-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}
