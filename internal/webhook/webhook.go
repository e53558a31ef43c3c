// Package webhook sends a channel's stream events to endpoints its owner
// registers: signed JSON POSTs, delivered in order per endpoint, retried
// with backoff, each attempt written to a delivery log. Private and loopback
// addresses are refused (at registration and again at connect time) unless
// the admin allows them.
package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/health"
)

// ID identifies a webhook endpoint ("wh-...").
type ID string

// Webhook is one registered endpoint. Secret signs its deliveries; it is
// shown to the owner once, at creation.
type Webhook struct {
	ID        ID
	UserID    account.UserID
	URL       string
	Secret    string
	CreatedAt time.Time
}

// Attempt is one entry of the delivery log.
type Attempt struct {
	WebhookID  ID
	DeliveryID string
	// Event is the stream event's name ("Stream Start").
	Event   string
	Attempt int
	// StatusCode is the endpoint's answer, 0 when none came (see Error).
	StatusCode int
	Error      string
	Time       time.Time
}

// Repo is the storage the service needs.
type Repo interface {
	CreateWebhook(ctx context.Context, w Webhook) error
	// Webhooks lists a user's endpoints, oldest first.
	Webhooks(ctx context.Context, user account.UserID) ([]Webhook, error)
	// DeleteWebhook removes a user's endpoint; ErrNotFound when the user has
	// no such endpoint.
	DeleteWebhook(ctx context.Context, user account.UserID, id ID) error
	// ChannelWebhooks lists the endpoints of the channel's owner.
	ChannelWebhooks(ctx context.Context, ch channel.ID) ([]Webhook, error)
	AddAttempt(ctx context.Context, a Attempt) error
	// Attempts is a user's endpoint's delivery log, newest first, at most
	// limit entries; ErrNotFound when the user has no such endpoint.
	Attempts(ctx context.Context, user account.UserID, id ID, limit int) ([]Attempt, error)
}

// Errors the API answers.
var (
	ErrNotFound = errs.NotFound("WebhookNotFoundException", "This webhook does not exist.")
	ErrLimit    = errs.Conflict("WebhookLimitExceededException", fmt.Sprintf("A user may register at most %d webhooks.", MaxPerUser))
	ErrURL      = errs.Invalid("InvalidParameterException", "The webhook URL must be an absolute http or https URL without user information, at most 2048 characters.")
	ErrAddress  = errs.Invalid("WebhookAddressException", "The webhook URL's host is not reachable: private, loopback and other local addresses are refused.")
)

// Limits.
const (
	MaxPerUser = 5
	MaxURL     = 2048
	// LogSize is how many delivery-log entries the API shows.
	LogSize = 100
)

// Config tunes the service.
type Config struct {
	// AllowPrivate lets endpoints on private, loopback and link-local
	// addresses (a LAN deployment, tests).
	AllowPrivate bool
	// RetryBaseDelay is the wait before the second attempt; it doubles
	// after each failure (default 1s).
	RetryBaseDelay time.Duration
	// Attempts is how many times one event is tried (default 5).
	Attempts int
	// Timeout bounds one attempt (default 10s).
	Timeout time.Duration
	// QueueSize bounds each endpoint's pending events (default 100).
	QueueSize int
}

// Resolver looks up host addresses (net.DefaultResolver).
type Resolver interface {
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

// Deps are the service's collaborators.
type Deps struct {
	Repo Repo
	Log  *slog.Logger
	Now  func() time.Time
	// Resolver checks registered hosts (default net.DefaultResolver).
	Resolver Resolver
}

// Service registers endpoints and delivers events to them.
type Service struct {
	cfg      Config
	repo     Repo
	log      *slog.Logger
	now      func() time.Time
	resolver Resolver
	client   *http.Client

	// incoming feeds Run's dispatcher; Notify never blocks on it.
	incoming chan notice
	dropped  atomic.Int64

	mu      sync.Mutex
	workers map[ID]*worker
}

// notice is one batch of events recorded for a session.
type notice struct {
	ch      channel.ID
	session health.SessionID
	events  []health.Event
}

// New returns the service; Run delivers.
func New(cfg Config, d Deps) *Service {
	if cfg.RetryBaseDelay <= 0 {
		cfg.RetryBaseDelay = time.Second
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 5
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.QueueSize <= 0 {
		cfg.QueueSize = 100
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Resolver == nil {
		d.Resolver = net.DefaultResolver
	}
	return &Service{cfg: cfg, repo: d.Repo, log: d.Log, now: d.Now, resolver: d.Resolver,
		client:   newClient(cfg.AllowPrivate, cfg.Timeout),
		incoming: make(chan notice, 1024), workers: map[ID]*worker{}}
}

// Create registers url for user and returns the endpoint with its secret.
func (s *Service) Create(ctx context.Context, user account.UserID, rawURL string) (Webhook, error) {
	u, err := s.check(ctx, rawURL)
	if err != nil {
		return Webhook{}, err
	}
	list, err := s.repo.Webhooks(ctx, user)
	if err != nil {
		return Webhook{}, fmt.Errorf("webhooks of %s: %w", user, err)
	}
	if len(list) >= MaxPerUser {
		return Webhook{}, ErrLimit
	}
	w := Webhook{ID: ID("wh-" + randomHex(12)), UserID: user, URL: u, Secret: "whsec_" + randomHex(32), CreatedAt: s.now().UTC()}
	if err := s.repo.CreateWebhook(ctx, w); err != nil {
		return Webhook{}, fmt.Errorf("create webhook for %s: %w", user, err)
	}
	s.log.Info("webhook registered", "user_id", user, "webhook_id", w.ID)
	return w, nil
}

// List returns the user's endpoints without their secrets.
func (s *Service) List(ctx context.Context, user account.UserID) ([]Webhook, error) {
	list, err := s.repo.Webhooks(ctx, user)
	if err != nil {
		return nil, fmt.Errorf("webhooks of %s: %w", user, err)
	}
	for i := range list {
		list[i].Secret = ""
	}
	return list, nil
}

// Delete removes one of the user's endpoints; events still queued for it
// are dropped.
func (s *Service) Delete(ctx context.Context, user account.UserID, id ID) error {
	if err := s.repo.DeleteWebhook(ctx, user, id); err != nil {
		return err
	}
	s.mu.Lock()
	if w, ok := s.workers[id]; ok {
		w.cancel()
		delete(s.workers, id)
	}
	s.mu.Unlock()
	s.log.Info("webhook deleted", "user_id", user, "webhook_id", id)
	return nil
}

// Deliveries returns the endpoint's delivery log, newest first.
func (s *Service) Deliveries(ctx context.Context, user account.UserID, id ID) ([]Attempt, error) {
	return s.repo.Attempts(ctx, user, id, LogSize)
}

// Dropped counts events dropped because a queue was full.
func (s *Service) Dropped() int64 { return s.dropped.Load() }

// Notify queues a session's newly recorded events for the channel owner's
// endpoints. It never blocks: when the queue is full the events are dropped
// and counted. It fits health.Deps.EventsRecorded.
func (s *Service) Notify(ch channel.ID, session health.SessionID, events []health.Event) {
	select {
	case s.incoming <- notice{ch: ch, session: session, events: events}:
	default:
		s.dropped.Add(int64(len(events)))
		s.log.Warn("webhook queue full; events dropped", "channel_id", ch, "session_id", session, "count", len(events))
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// redactURL is the endpoint address for logs: scheme and host only, since a
// path or query may carry a token of the receiver.
func redactURL(raw string) string {
	if i := strings.Index(raw, "://"); i >= 0 {
		rest := raw[i+3:]
		if j := strings.IndexAny(rest, "/?#"); j >= 0 {
			rest = rest[:j]
		}
		return raw[:i+3] + rest
	}
	return ""
}
