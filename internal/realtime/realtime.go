// Package realtime is Onair's Centrifuge node: the WebSocket endpoint,
// channel naming, who may subscribe to what, and the choice of engine
// (in-memory for one node, Redis for several). It knows no product rules:
// rooms registered per namespace (chat, channel events) admit subscribers,
// and domain services publish through it.
//
// Clients never publish: every publication comes from the server. A client
// subscribes; the server answers from the namespace's Room, or for a user's
// inbox ("#<userId>") from the connection's user.
package realtime

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/centrifugal/centrifuge"
	"github.com/prometheus/client_golang/prometheus"
)

// Config tunes the node.
type Config struct {
	// Name names this node in logs and metrics (default: host name).
	Name string
	// RedisURL, when set, shares publications, history, presence and
	// server-side unsubscribes between nodes through Redis.
	RedisURL string
	// RedisPrefix prefixes every Redis key and channel (default "onair").
	RedisPrefix string
	// ConnectionTTL is how long a connection lives before the server checks
	// its user again (default one hour).
	ConnectionTTL time.Duration
}

// Deps are the node's collaborators.
type Deps struct {
	Log *slog.Logger
	// RedeemToken turns a connection token (from the connect command) into
	// a user id; an unusable token is an error.
	RedeemToken func(ctx context.Context, token string) (userID string, err error)
	// UserActive reports whether a user still exists, when a connection is
	// due for its periodic check.
	UserActive func(ctx context.Context, userID string) (bool, error)
	// Registry receives Centrifuge's Prometheus metrics (nil: the default
	// registry).
	Registry *prometheus.Registry
}

// Subscriber is the connection asking for a channel.
type Subscriber struct {
	// UserID is the signed-in user; empty for anonymous connections.
	UserID string
}

// Room admits subscribers to the channels of one namespace.
type Room interface {
	// Admit decides whether s may subscribe to channel (its full name) and
	// how it receives it. A refusal is an errs error (its kind and code
	// reach the client).
	Admit(ctx context.Context, s Subscriber, channel string) (Admission, error)
}

// Admission says how a subscriber receives a channel.
type Admission struct {
	// Backlog, when set, makes the subscription recoverable from the
	// channel's history stream.
	Backlog *Backlog
}

// Backlog is what a subscriber receives from a channel's history stream
// when it subscribes. A newcomer receives the publications after Since; a
// client coming back with a position the stream still holds receives what
// it missed. Neither receives a publication whose TagID tag is in Hidden,
// then or later on this subscription.
type Backlog struct {
	Since Position
	// Top is the stream's newest position; Oldest the offset of the oldest
	// publication it holds (0 when empty).
	Top    Position
	Oldest uint64
	Hidden []string
}

// TagID is the publication tag Backlog.Hidden matches.
const TagID = "id"

// Position is a place in a channel's history stream.
type Position struct {
	Offset uint64
	Epoch  string
}

// Reason tells a client why the server ended its subscription.
type Reason struct {
	Code uint32
	Text string
}

// Banned ends the subscriptions of a user banned from a channel; clients
// do not resubscribe on their own (code in 2100-2499).
var Banned = Reason{Code: 2403, Text: "banned"}

type pending struct {
	channel   string
	admission Admission
}

// Node is a Centrifuge node serving Onair's channels.
type Node struct {
	cfg   Config
	log   *slog.Logger
	deps  Deps
	node  *centrifuge.Node
	ws    *centrifuge.WebsocketHandler
	rooms map[string]Room

	// admitted holds the admission decided when a client's subscribe
	// command is read, until the subscribe handler of the same command
	// takes it: the two run one after the other on the connection's read
	// loop, so a client has at most one waiting.
	mu       sync.Mutex
	admitted map[string]pending // by client id
	started  bool
	closed   bool
	shards   []*centrifuge.RedisShard
}

// New builds a node; Route the namespaces, then Start it.
func New(cfg Config, d Deps) (*Node, error) {
	if cfg.RedisPrefix == "" {
		cfg.RedisPrefix = "onair"
	}
	if cfg.ConnectionTTL <= 0 {
		cfg.ConnectionTTL = time.Hour
	}
	n := &Node{cfg: cfg, log: d.Log, deps: d, rooms: map[string]Room{}, admitted: map[string]pending{}}
	metrics := centrifuge.MetricsConfig{MetricsNamespace: "onair_realtime"}
	if d.Registry != nil {
		metrics.RegistererGatherer = d.Registry
	}
	node, err := centrifuge.New(centrifuge.Config{
		Name:       cfg.Name,
		LogLevel:   centrifuge.LogLevelWarn,
		LogHandler: n.logEntry,
		Metrics:    metrics,
	})
	if err != nil {
		return nil, fmt.Errorf("centrifuge node: %w", err)
	}
	n.node = node
	node.OnConnecting(n.onConnecting)
	node.OnConnect(n.onConnect)
	node.OnCommandRead(n.onCommandRead)
	// The Onair HTTP layer checks the Origin header before it hands the
	// handshake over (httpapi: allowedOrigins), so this handler does not.
	n.ws = centrifuge.NewWebsocketHandler(node, centrifuge.WebsocketConfig{
		CheckOrigin:      func(*http.Request) bool { return true },
		MessageSizeLimit: 16 << 10,
		// A connection holds a write buffer only while it writes, not for
		// its whole life: chat viewers are idle between messages, so this
		// saves about 4 KiB per connection (bench/chat.sh).
		UseWriteBufferPool: true,
	})
	return n, nil
}

// Route makes room admit the subscribers of namespace; call before Start.
func (n *Node) Route(namespace string, room Room) { n.rooms[namespace] = room }

// Start connects the engine (Redis when configured) and starts the node.
func (n *Node) Start() error {
	if n.cfg.RedisURL != "" {
		if err := n.useRedis(); err != nil {
			return err
		}
	}
	if err := n.node.Run(); err != nil {
		n.closeShards()
		return fmt.Errorf("start realtime node: %w", err)
	}
	n.mu.Lock()
	n.started = true
	n.mu.Unlock()
	return nil
}

// useRedis swaps the in-memory broker and presence for Redis ones. One
// function picks the engine; everything else is the same on both.
func (n *Node) useRedis() error {
	shard, err := centrifuge.NewRedisShard(n.node, centrifuge.RedisShardConfig{Address: n.cfg.RedisURL, ClientName: "onair"})
	if err != nil {
		return fmt.Errorf("redis (redis.url): %w", err)
	}
	n.shards = []*centrifuge.RedisShard{shard}
	broker, err := centrifuge.NewRedisBroker(n.node, centrifuge.RedisBrokerConfig{Prefix: n.cfg.RedisPrefix, Shards: n.shards})
	if err != nil {
		n.closeShards()
		return fmt.Errorf("redis broker: %w", err)
	}
	presence, err := centrifuge.NewRedisPresenceManager(n.node, centrifuge.RedisPresenceManagerConfig{Prefix: n.cfg.RedisPrefix, Shards: n.shards})
	if err != nil {
		n.closeShards()
		return fmt.Errorf("redis presence: %w", err)
	}
	n.node.SetBroker(broker)
	n.node.SetPresenceManager(presence)
	return nil
}

func (n *Node) closeShards() {
	for _, s := range n.shards {
		s.Close()
	}
	n.shards = nil
}

// Close disconnects every client and stops the engine; it is safe to call
// more than once, and before Start.
func (n *Node) Close(ctx context.Context) error {
	n.mu.Lock()
	started, closed := n.started, n.closed
	n.closed = true
	n.mu.Unlock()
	if closed {
		return nil
	}
	var err error
	if started {
		err = n.node.Shutdown(ctx)
	}
	n.closeShards()
	return err
}

// ServeHTTP serves the WebSocket endpoint (/connection/websocket). The
// connection's user comes from the request context (WithUser, set by the
// HTTP layer from the session cookie) or from a connection token sent in
// the connect command; without either the connection is anonymous and
// read-only.
func (n *Node) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, _ := r.Context().Value(userKey{}).(string)
	cred := &centrifuge.Credentials{UserID: user}
	if user != "" {
		cred.ExpireAt = time.Now().Add(n.cfg.ConnectionTTL).Unix()
	}
	n.ws.ServeHTTP(w, r.WithContext(centrifuge.SetCredentials(r.Context(), cred)))
}

type userKey struct{}

// WithUser marks ctx with the user a WebSocket handshake authenticated.
func WithUser(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, userKey{}, userID)
}

// onConnecting accepts a connection token in place of the cookie.
func (n *Node) onConnecting(ctx context.Context, e centrifuge.ConnectEvent) (centrifuge.ConnectReply, error) {
	if e.Token == "" {
		return writeTuning(centrifuge.ConnectReply{}), nil // credentials from the handshake (cookie or anonymous)
	}
	if n.deps.RedeemToken == nil {
		return centrifuge.ConnectReply{}, centrifuge.ErrorTokenExpired
	}
	user, err := n.deps.RedeemToken(ctx, e.Token)
	if err != nil {
		// Used, expired or unknown: the client asks for a new token.
		return centrifuge.ConnectReply{}, centrifuge.ErrorTokenExpired
	}
	return writeTuning(centrifuge.ConnectReply{Credentials: &centrifuge.Credentials{
		UserID: user, ExpireAt: time.Now().Add(n.cfg.ConnectionTTL).Unix(),
	}}), nil
}

// writeTuning sets how a connection's writer runs. With a write delay and
// a timer, a connection has no writer goroutine of its own waiting between
// messages: the first message queued arms a timer and everything queued
// until it fires goes out in one frame. Chat rooms push a few messages a
// second to thousands of mostly idle connections: this halves the
// goroutines per connection, and when writes fall behind the backlog
// leaves in few frames (10,000 subscribers at 10 messages/s on 2 cores:
// p99 7.0 s -> 1.35 s), for up to 10 ms more latency when they keep up
// (docs/benchmarks.md, "Chat fan-out").
func writeTuning(r centrifuge.ConnectReply) centrifuge.ConnectReply {
	r.WriteDelay = writeDelay
	r.WriteWithTimer = true
	r.MaxMessagesInFrame = -1
	return r
}

// writeDelay bounds the time a message waits for others to share its frame.
const writeDelay = 10 * time.Millisecond

func (n *Node) onConnect(c *centrifuge.Client) {
	c.OnSubscribe(func(e centrifuge.SubscribeEvent, cb centrifuge.SubscribeCallback) {
		adm, ok := n.takeAdmission(c.ID(), e.Channel)
		if !ok {
			cb(centrifuge.SubscribeReply{}, centrifuge.ErrorPermissionDenied)
			return
		}
		cb(centrifuge.SubscribeReply{Options: subscribeOptions(adm)}, nil)
	})
	// Clients never publish: chat goes through the HTTP API, which checks
	// who sends, and everything else comes from the server.
	c.OnPublish(func(_ centrifuge.PublishEvent, cb centrifuge.PublishCallback) {
		cb(centrifuge.PublishReply{}, errPublishRefused)
	})
	c.OnRefresh(func(_ centrifuge.RefreshEvent, cb centrifuge.RefreshCallback) {
		active := true
		if n.deps.UserActive != nil {
			ctx, cancel := context.WithTimeout(c.Context(), 5*time.Second)
			var err error
			active, err = n.deps.UserActive(ctx, c.UserID())
			cancel()
			if err != nil {
				cb(centrifuge.RefreshReply{}, centrifuge.ErrorInternal)
				return
			}
		}
		if !active {
			cb(centrifuge.RefreshReply{Expired: true}, nil)
			return
		}
		cb(centrifuge.RefreshReply{ExpireAt: time.Now().Add(n.cfg.ConnectionTTL).Unix()}, nil)
	})
	c.OnDisconnect(func(centrifuge.DisconnectEvent) {
		n.mu.Lock()
		delete(n.admitted, c.ID())
		n.mu.Unlock()
	})
}

// onCommandRead decides subscriptions as their command is read, before
// Centrifuge processes it: that is the one point where a newcomer's
// subscribe can be turned into a recovery from the start of the room's
// backlog, so the backlog and live publications join without a gap.
func (n *Node) onCommandRead(c *centrifuge.Client, e centrifuge.CommandReadEvent) error {
	sub := e.Command.Subscribe
	if sub == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(c.Context(), 5*time.Second)
	defer cancel()
	adm, err := n.admit(ctx, Subscriber{UserID: c.UserID()}, sub.Channel)
	if err != nil {
		return clientError(n.log, err)
	}
	if b := adm.Backlog; b != nil && !returning(b, sub.Recover, sub.Offset, sub.Epoch) {
		sub.Recover, sub.Offset, sub.Epoch = true, b.Since.Offset, b.Since.Epoch
	}
	n.mu.Lock()
	n.admitted[c.ID()] = pending{channel: sub.Channel, admission: adm}
	n.mu.Unlock()
	return nil
}

// returning reports whether a subscribe recovers from a position the
// stream still holds; any other subscribe starts at the backlog.
func returning(b *Backlog, recover bool, offset uint64, epoch string) bool {
	if !recover || epoch != b.Top.Epoch || offset > b.Top.Offset {
		return false
	}
	return offset == b.Top.Offset || (b.Oldest > 0 && offset+1 >= b.Oldest)
}

func (n *Node) takeAdmission(client, channel string) (Admission, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	p, ok := n.admitted[client]
	delete(n.admitted, client)
	return p.admission, ok && p.channel == channel
}

func subscribeOptions(adm Admission) centrifuge.SubscribeOptions {
	var opts centrifuge.SubscribeOptions
	if b := adm.Backlog; b != nil {
		opts.EnableRecovery = true
		if len(b.Hidden) > 0 {
			opts.ServerTagsFilter = &centrifuge.FilterNode{Key: TagID, Cmp: "nin", Vals: b.Hidden}
		}
	}
	return opts
}

// admit decides a subscription: a user's own inbox, or the namespace's room.
func (n *Node) admit(ctx context.Context, s Subscriber, channel string) (Admission, error) {
	if len(channel) > maxName {
		return Admission{}, errUnknownChannel
	}
	if user, ok := strings.CutPrefix(channel, inboxPrefix); ok {
		switch {
		case s.UserID == "":
			return Admission{}, errInboxSignedOut
		case user != s.UserID:
			return Admission{}, errInboxForbidden
		}
		return Admission{}, nil
	}
	namespace, _, ok := splitName(channel)
	room := n.rooms[namespace]
	if !ok || room == nil {
		return Admission{}, errUnknownChannel
	}
	return room.Admit(ctx, s, channel)
}

// logEntry passes Centrifuge's warnings and errors to the Onair log.
func (n *Node) logEntry(e centrifuge.LogEntry) {
	level := slog.LevelWarn
	if e.Level >= centrifuge.LogLevelError {
		level = slog.LevelError
	}
	attrs := make([]any, 0, 2*len(e.Fields))
	for k, v := range e.Fields {
		attrs = append(attrs, k, v)
	}
	n.log.Log(context.Background(), level, "realtime: "+e.Message, attrs...)
}

// ErrNotRunning answers publications before Start or after Close.
var ErrNotRunning = errors.New("realtime node is not running")

func (n *Node) running() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.started || n.closed {
		return ErrNotRunning
	}
	return nil
}
