// Package config holds Onair's configuration tree. Values come from, in
// increasing precedence: built-in defaults, one YAML file, ONAIR_*
// environment variables and command-line flags. Unknown file keys and invalid
// values fail at start with a message naming the key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration. Field tags: yaml = file key (also used
// in error messages), env = environment variable, flag = command-line flag.
type Config struct {
	// Dev turns on development mode: the dev mailbox at /dev/mailbox and
	// verbose logs.
	Dev bool `yaml:"dev" env:"ONAIR_DEV" flag:"dev" help:"development mode: dev mailbox at /dev/mailbox"`
	// DataDir holds the SQLite database, uploaded files and logs.
	DataDir string `yaml:"dataDir" env:"ONAIR_DATA_DIR" flag:"data-dir" help:"directory for the database, files and logs"`
	// Roles selects which parts this process runs (api, media, realtime, stage).
	Roles []string `yaml:"roles" env:"ONAIR_ROLES" flag:"roles" help:"comma-separated roles to run: api,media,realtime,stage"`

	HTTP     HTTP     `yaml:"http"`
	RTMP     RTMP     `yaml:"rtmp"`
	HLS      HLS      `yaml:"hls"`
	WebRTC   WebRTC   `yaml:"webrtc"`
	Media    Media    `yaml:"media"`
	Database Database `yaml:"database"`
	Redis    Redis    `yaml:"redis"`
	SMTP     SMTP     `yaml:"smtp"`
	Log      Log      `yaml:"log"`
	Accounts Accounts `yaml:"accounts"`
	Chat     Chat     `yaml:"chat"`
	Webhooks Webhooks `yaml:"webhooks"`
	Stages   Stages   `yaml:"stages"`

	// The seed's options, same names and meaning (spec 12.1).
	AllowedOrigins                  []string `yaml:"allowedOrigins" env:"ONAIR_ALLOWED_ORIGINS" flag:"allowed-origins" help:"CORS allow-list; * allows any origin, empty disables CORS"`
	ClientBaseURL                   string   `yaml:"clientBaseUrl" env:"ONAIR_CLIENT_BASE_URL" flag:"client-base-url" help:"public base URL used in links in emails (default: http://<http.addr>)"`
	EnableUserAutoVerify            bool     `yaml:"enableUserAutoVerify" env:"ONAIR_ENABLE_USER_AUTO_VERIFY" flag:"enable-user-auto-verify" help:"skip email verification at sign-up"`
	ChannelType                     string   `yaml:"channelType" env:"ONAIR_CHANNEL_TYPE" flag:"channel-type" help:"BASIC (pass-through) or STANDARD (transcoded ladder)"`
	SignUpAllowedDomains            []string `yaml:"signUpAllowedDomains" env:"ONAIR_SIGN_UP_ALLOWED_DOMAINS" flag:"sign-up-allowed-domains" help:"email domains allowed to sign up; empty allows any"`
	LogRetention                    int      `yaml:"logRetention" env:"ONAIR_LOG_RETENTION" flag:"log-retention" help:"days to keep log files under log.dir; 0 keeps them forever"`
	EnableAmazonProductStreamAction bool     `yaml:"enableAmazonProductStreamAction" env:"ONAIR_ENABLE_AMAZON_PRODUCT_STREAM_ACTION" flag:"enable-amazon-product-stream-action" help:"enable the Amazon product stream action"`
	ProductAPILocale                string   `yaml:"productApiLocale" env:"ONAIR_PRODUCT_API_LOCALE" flag:"product-api-locale" help:"Amazon marketplace locale (default United States)"`
	ProductLinkRegionCode           string   `yaml:"productLinkRegionCode" env:"ONAIR_PRODUCT_LINK_REGION_CODE" flag:"product-link-region-code" help:"suffix of the affiliate tracking id"`
	// ProductAPISecretsFile holds the Product Advertising API credentials
	// (JSON {accessKey, secretKey, partnerTag}, mode 0600).
	ProductAPISecretsFile string `yaml:"productApiSecretsFile" env:"ONAIR_PRODUCT_API_SECRETS_FILE" flag:"product-api-secrets-file" help:"JSON file with the Product Advertising API accessKey, secretKey and partnerTag (mode 0600); needed by the Amazon product stream action"`
	// ProductAPIEndpoint replaces the marketplace's API host (a proxy or a
	// test double).
	ProductAPIEndpoint string `yaml:"productApiEndpoint" env:"ONAIR_PRODUCT_API_ENDPOINT" flag:"product-api-endpoint" help:"base URL replacing the marketplace's Product Advertising API host (proxies, tests)"`
}

// HTTP configures the web/API listener.
type HTTP struct {
	Addr string `yaml:"addr" env:"ONAIR_HTTP_ADDR" flag:"http-addr" help:"HTTP listen address"`
	// ReadyFile, when set, receives the server's base URL once it listens.
	ReadyFile string `yaml:"readyFile" env:"ONAIR_READY_FILE" flag:"ready-file" help:"write the base URL to this file once listening"`
}

// RTMP configures RTMP ingest.
type RTMP struct {
	Addr string `yaml:"addr" env:"ONAIR_RTMP_ADDR" flag:"rtmp-addr" help:"RTMP listen address"`
	// PublicHost is the host name encoders use (default: the clientBaseUrl host).
	PublicHost string `yaml:"publicHost" env:"ONAIR_RTMP_PUBLIC_HOST" flag:"rtmp-public-host" help:"host name shown in ingest URLs"`
}

// Media tunes stream sessions and transcoding.
type Media struct {
	Node          string        `yaml:"node" env:"ONAIR_NODE" flag:"node" help:"this media node's name; on restart it closes the stream sessions it left open"`
	StarvationGap time.Duration `yaml:"starvationGap" env:"ONAIR_STARVATION_GAP" flag:"starvation-gap" help:"how long media may stop while an encoder is connected before the stream counts as starved"`
	// FFmpeg makes the STANDARD channel type's transcoded renditions.
	FFmpeg string `yaml:"ffmpeg" env:"ONAIR_MEDIA_FFMPEG" flag:"media-ffmpeg" help:"ffmpeg that transcodes STANDARD channels' renditions (720p/480p/360p/160p); empty or not found: STANDARD streams are pass-through"`
}

// HLS tunes the Low-Latency HLS output.
type HLS struct {
	PartDuration    time.Duration `yaml:"partDuration" env:"ONAIR_HLS_PART_DURATION" flag:"hls-part-duration" help:"minimum LL-HLS part duration"`
	SegmentDuration time.Duration `yaml:"segmentDuration" env:"ONAIR_HLS_SEGMENT_DURATION" flag:"hls-segment-duration" help:"minimum HLS segment duration (segments also wait for a key frame)"`
	SegmentCount    int           `yaml:"segmentCount" env:"ONAIR_HLS_SEGMENT_COUNT" flag:"hls-segment-count" help:"segments kept in each playlist (at least 7)"`
}

// WebRTC configures WHIP ingest and WHEP playback: every peer shares one
// UDP port (and optionally one TCP port).
type WebRTC struct {
	UDPAddr   string   `yaml:"udpAddr" env:"ONAIR_WEBRTC_UDP_ADDR" flag:"webrtc-udp-addr" help:"UDP address shared by every WebRTC peer (ICE)"`
	TCPAddr   string   `yaml:"tcpAddr" env:"ONAIR_WEBRTC_TCP_ADDR" flag:"webrtc-tcp-addr" help:"TCP address for ICE-TCP candidates, for networks that block UDP; empty disables"`
	PublicIPs []string `yaml:"publicIPs" env:"ONAIR_WEBRTC_PUBLIC_IPS" flag:"webrtc-public-ips" help:"public IPs announced as extra ICE candidates (server behind 1:1 NAT)"`
	// FFmpeg transcodes AAC to Opus for WHEP viewers of RTMP streams.
	FFmpeg string `yaml:"ffmpeg" env:"ONAIR_WEBRTC_FFMPEG" flag:"webrtc-ffmpeg" help:"ffmpeg that transcodes AAC to Opus for WHEP viewers; empty plays AAC streams without sound over WebRTC"`
}

// Database selects the SQL engine.
type Database struct {
	URL string `yaml:"url" env:"ONAIR_DATABASE_URL" flag:"database-url" help:"empty = SQLite in the data dir; postgres://... = PostgreSQL"`
}

// Redis enables the distributed engines when set.
type Redis struct {
	URL string `yaml:"url" env:"ONAIR_REDIS_URL" flag:"redis-url" help:"redis://host:port for multi-node realtime"`
	// Prefix starts every Redis key and channel; nodes of one deployment share it.
	Prefix string `yaml:"prefix" env:"ONAIR_REDIS_PREFIX" flag:"redis-prefix" help:"prefix of Onair's Redis keys and channels (nodes of one deployment share it)"`
}

// SMTP configures outgoing mail; without a host, mail goes to the log (and
// the dev mailbox in dev mode).
type SMTP struct {
	Host     string `yaml:"host" env:"ONAIR_SMTP_HOST" flag:"smtp-host" help:"SMTP server host"`
	Port     int    `yaml:"port" env:"ONAIR_SMTP_PORT" flag:"smtp-port" help:"SMTP server port"`
	Username string `yaml:"username" env:"ONAIR_SMTP_USERNAME" flag:"smtp-username" help:"SMTP user"`
	Password string `yaml:"password" env:"ONAIR_SMTP_PASSWORD" flag:"smtp-password" help:"SMTP password"`
	From     string `yaml:"from" env:"ONAIR_SMTP_FROM" flag:"smtp-from" help:"sender address"`
	// TLS is "starttls" (default), "tls" or "none".
	TLS string `yaml:"tls" env:"ONAIR_SMTP_TLS" flag:"smtp-tls" help:"starttls, tls or none"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level" env:"ONAIR_LOG_LEVEL" flag:"log-level" help:"debug, info, warn or error"`
	Format string `yaml:"format" env:"ONAIR_LOG_FORMAT" flag:"log-format" help:"text or json"`
	// Dir, when set, also writes daily log files there, pruned after logRetention days.
	Dir string `yaml:"dir" env:"ONAIR_LOG_DIR" flag:"log-dir" help:"also write daily log files to this directory"`
}

// Accounts tunes account rules.
type Accounts struct {
	// UnverifiedTTL is how long an unverified account is kept.
	UnverifiedTTL time.Duration `yaml:"unverifiedTTL" env:"ONAIR_UNVERIFIED_TTL" flag:"unverified-ttl" help:"delete accounts left unverified this long"`
	// CleanupInterval is how often the unverified-account job runs.
	CleanupInterval time.Duration `yaml:"cleanupInterval" env:"ONAIR_CLEANUP_INTERVAL" flag:"cleanup-interval" help:"how often to run the unverified-account cleanup"`
	// PasswordHashMemoryKiB is argon2id's memory cost.
	PasswordHashMemoryKiB int `yaml:"passwordHashMemoryKiB" env:"ONAIR_PASSWORD_HASH_MEMORY_KIB" flag:"password-hash-memory-kib" help:"argon2id memory cost in KiB"`
	// PasswordHashIterations is argon2id's time cost.
	PasswordHashIterations int `yaml:"passwordHashIterations" env:"ONAIR_PASSWORD_HASH_ITERATIONS" flag:"password-hash-iterations" help:"argon2id iterations"`
	// SessionTTL is how long a sign-in lasts.
	SessionTTL time.Duration `yaml:"sessionTTL" env:"ONAIR_SESSION_TTL" flag:"session-ttl" help:"how long a sign-in session lasts"`
}

// Chat tunes the chat rooms.
type Chat struct {
	// UserRate and RoomRate are token buckets refilled every second.
	UserRate    int           `yaml:"userRate" env:"ONAIR_CHAT_USER_RATE" flag:"chat-user-rate" help:"chat messages per second one user may send (per node)"`
	RoomRate    int           `yaml:"roomRate" env:"ONAIR_CHAT_ROOM_RATE" flag:"chat-room-rate" help:"chat messages per second one room accepts from all its senders (per node)"`
	HistorySize int           `yaml:"historySize" env:"ONAIR_CHAT_HISTORY_SIZE" flag:"chat-history-size" help:"recent chat messages a newcomer receives"`
	HistoryTTL  time.Duration `yaml:"historyTTL" env:"ONAIR_CHAT_HISTORY_TTL" flag:"chat-history-ttl" help:"how long a chat message stays in the recent history"`
}

// Webhooks tunes the delivery of stream events to owners' endpoints.
type Webhooks struct {
	// AllowPrivate lets endpoints on private, loopback and link-local
	// addresses (a LAN-only deployment).
	AllowPrivate bool `yaml:"allowPrivate" env:"ONAIR_WEBHOOKS_ALLOW_PRIVATE" flag:"webhooks-allow-private" help:"allow webhook endpoints on private, loopback and link-local addresses"`
	// RetryDelay is the wait before a failed delivery's second attempt;
	// it doubles after each failure, up to 5 attempts.
	RetryDelay time.Duration `yaml:"retryDelay" env:"ONAIR_WEBHOOKS_RETRY_DELAY" flag:"webhooks-retry-delay" help:"wait before retrying a failed webhook delivery; doubles after each failure (5 attempts)"`
}

// Stages configures co-host sessions and their SFU (LiveKit): a node
// embedded in this process (the "stage" role) or an external deployment.
type Stages struct {
	// URL names an external LiveKit deployment; KeysFile holds its API key
	// and secret.
	URL      string `yaml:"url" env:"ONAIR_STAGES_URL" flag:"stages-url" help:"signalling URL (ws:// or wss://) of an external LiveKit deployment; empty runs the embedded node (stage role)"`
	KeysFile string `yaml:"keysFile" env:"ONAIR_STAGES_KEYS_FILE" flag:"stages-keys-file" help:"file holding the external LiveKit API key and secret as one line \"key: secret\" (mode 0600)"`
	// The embedded node: browsers reach its signalling through /rtc on
	// the HTTP port, and its media on one UDP and one TCP port.
	SignalAddr string `yaml:"signalAddr" env:"ONAIR_STAGES_SIGNAL_ADDR" flag:"stages-signal-addr" help:"embedded LiveKit signalling address (proxied at /rtc on the HTTP port)"`
	UDPPort    int    `yaml:"udpPort" env:"ONAIR_STAGES_UDP_PORT" flag:"stages-udp-port" help:"embedded LiveKit UDP port for media (ICE); 0 picks a free one"`
	TCPPort    int    `yaml:"tcpPort" env:"ONAIR_STAGES_TCP_PORT" flag:"stages-tcp-port" help:"embedded LiveKit TCP port for media (ICE-TCP, networks that block UDP); 0 turns it off"`
	NodeIP     string `yaml:"nodeIP" env:"ONAIR_STAGES_NODE_IP" flag:"stages-node-ip" help:"IP the embedded node announces to browsers; empty finds it from the network interfaces"`
	// HostGoneAfter ends a stage whose host has been away this long.
	HostGoneAfter time.Duration `yaml:"hostGoneAfter" env:"ONAIR_STAGES_HOST_GONE_AFTER" flag:"stages-host-gone-after" help:"end a stage whose host has been disconnected this long"`
}

// Roles Onair knows.
const (
	RoleAPI      = "api"
	RoleMedia    = "media"
	RoleRealtime = "realtime"
	RoleStage    = "stage"
)

var knownRoles = []string{RoleAPI, RoleMedia, RoleRealtime, RoleStage}

// Default returns a configuration that runs a working single node.
func Default() Config {
	return Config{
		DataDir:        "./data",
		Roles:          slices.Clone(knownRoles),
		HTTP:           HTTP{Addr: "127.0.0.1:8080"},
		RTMP:           RTMP{Addr: ":1935"},
		HLS:            HLS{PartDuration: 200 * time.Millisecond, SegmentDuration: time.Second, SegmentCount: 7},
		WebRTC:         WebRTC{UDPAddr: ":8189", FFmpeg: "ffmpeg"},
		Media:          Media{StarvationGap: 5 * time.Second, FFmpeg: "ffmpeg"},
		Redis:          Redis{Prefix: "onair"},
		SMTP:           SMTP{Port: 587, TLS: "starttls"},
		Log:            Log{Level: "info", Format: "text"},
		AllowedOrigins: []string{"*"},
		ChannelType:    "BASIC",
		Accounts: Accounts{
			UnverifiedTTL:          48 * time.Hour,
			CleanupInterval:        time.Hour,
			PasswordHashMemoryKiB:  19 * 1024,
			PasswordHashIterations: 2,
			SessionTTL:             30 * 24 * time.Hour,
		},
		Chat:     Chat{UserRate: 2, RoomRate: 10, HistorySize: 50, HistoryTTL: time.Hour},
		Webhooks: Webhooks{RetryDelay: time.Second},
		Stages:   Stages{SignalAddr: "127.0.0.1:7880", UDPPort: 7882, TCPPort: 7881, HostGoneAfter: 3 * time.Minute},
	}
}

// HasRole reports whether this process runs role.
func (c *Config) HasRole(role string) bool { return slices.Contains(c.Roles, role) }

// BaseURL is the public base URL without a trailing slash.
func (c *Config) BaseURL() string {
	if c.ClientBaseURL != "" {
		return strings.TrimRight(c.ClientBaseURL, "/")
	}
	return "http://" + c.HTTP.Addr
}

// IngestHost is the host encoders connect to.
func (c *Config) IngestHost() string {
	if c.RTMP.PublicHost != "" {
		return c.RTMP.PublicHost
	}
	if u, err := url.Parse(c.BaseURL()); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "127.0.0.1"
}

// IngestPort is the RTMP port encoders connect to.
func (c *Config) IngestPort() string {
	_, port, err := net.SplitHostPort(c.RTMP.Addr)
	if err != nil || port == "" {
		return "1935"
	}
	return port
}

// LoadFile merges the YAML file at path over c. Unknown keys are errors.
func (c *Config) LoadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read config file: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	// An empty file decodes to io.EOF; it simply changes nothing.
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config file %s: %w", path, err)
	}
	return nil
}

// Validate reports every invalid value, each naming its key.
func (c *Config) Validate() error {
	var problems []string
	bad := func(key, format string, args ...any) {
		problems = append(problems, key+": "+fmt.Sprintf(format, args...))
	}
	if c.EnableAmazonProductStreamAction && c.ProductAPISecretsFile == "" {
		bad("productApiSecretsFile", "required when enableAmazonProductStreamAction is true")
	}
	checkAddr := func(key, addr string) {
		if _, _, err := net.SplitHostPort(addr); err != nil {
			bad(key, "%q is not a host:port listen address", addr)
		}
	}
	if c.DataDir == "" {
		bad("dataDir", "must not be empty")
	}
	if len(c.Roles) == 0 {
		bad("roles", "name at least one of %s", strings.Join(knownRoles, ", "))
	}
	for _, r := range c.Roles {
		if !slices.Contains(knownRoles, r) {
			bad("roles", "unknown role %q (known: %s)", r, strings.Join(knownRoles, ", "))
		}
	}
	checkAddr("http.addr", c.HTTP.Addr)
	checkAddr("rtmp.addr", c.RTMP.Addr)
	if c.Media.StarvationGap < time.Second {
		bad("media.starvationGap", "must be at least 1s")
	}
	if c.HLS.PartDuration < 10*time.Millisecond {
		bad("hls.partDuration", "must be at least 10ms")
	}
	if c.HLS.SegmentDuration < c.HLS.PartDuration {
		bad("hls.segmentDuration", "must be at least hls.partDuration")
	}
	if c.HLS.SegmentCount < 7 {
		bad("hls.segmentCount", "must be at least 7 (Low-Latency HLS)")
	}
	checkAddr("webrtc.udpAddr", c.WebRTC.UDPAddr)
	if c.WebRTC.TCPAddr != "" {
		checkAddr("webrtc.tcpAddr", c.WebRTC.TCPAddr)
	}
	for _, ip := range c.WebRTC.PublicIPs {
		if net.ParseIP(ip) == nil {
			bad("webrtc.publicIPs", "%q is not an IP address", ip)
		}
	}
	if u := c.Database.URL; u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") && !strings.HasPrefix(u, "sqlite:") {
		bad("database.url", "must be empty (SQLite in dataDir), sqlite:<path> or postgres://...")
	}
	if u := c.Redis.URL; u != "" && !strings.HasPrefix(u, "redis://") && !strings.HasPrefix(u, "rediss://") {
		bad("redis.url", "must start with redis:// or rediss://")
	}
	if c.Redis.Prefix == "" || strings.ContainsAny(c.Redis.Prefix, " {}") {
		bad("redis.prefix", "must be a non-empty word without spaces or braces")
	}
	if c.Chat.UserRate < 1 {
		bad("chat.userRate", "must be at least 1")
	}
	if c.Chat.RoomRate < 1 {
		bad("chat.roomRate", "must be at least 1")
	}
	if c.Chat.HistorySize < 1 || c.Chat.HistorySize > 1000 {
		bad("chat.historySize", "must be between 1 and 1000")
	}
	if c.Chat.HistoryTTL < time.Minute {
		bad("chat.historyTTL", "must be at least 1m")
	}
	if u := c.Stages.URL; u != "" {
		if !strings.HasPrefix(u, "ws://") && !strings.HasPrefix(u, "wss://") {
			bad("stages.url", "must start with ws:// or wss://")
		}
		if c.Stages.KeysFile == "" {
			bad("stages.keysFile", "is required when stages.url is set")
		}
	}
	checkAddr("stages.signalAddr", c.Stages.SignalAddr)
	for key, port := range map[string]int{"stages.udpPort": c.Stages.UDPPort, "stages.tcpPort": c.Stages.TCPPort} {
		if port < 0 || port > 65535 {
			bad(key, "must be between 0 and 65535")
		}
	}
	if ip := c.Stages.NodeIP; ip != "" && net.ParseIP(ip) == nil {
		bad("stages.nodeIP", "%q is not an IP address", ip)
	}
	if c.Stages.HostGoneAfter < time.Second {
		bad("stages.hostGoneAfter", "must be at least 1s")
	}
	if c.SMTP.Host != "" {
		if c.SMTP.Port <= 0 || c.SMTP.Port > 65535 {
			bad("smtp.port", "must be between 1 and 65535")
		}
		if c.SMTP.From == "" {
			bad("smtp.from", "is required when smtp.host is set")
		}
	}
	if !slices.Contains([]string{"starttls", "tls", "none"}, c.SMTP.TLS) {
		bad("smtp.tls", "must be starttls, tls or none, not %q", c.SMTP.TLS)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level) {
		bad("log.level", "must be debug, info, warn or error, not %q", c.Log.Level)
	}
	if !slices.Contains([]string{"text", "json"}, c.Log.Format) {
		bad("log.format", "must be text or json, not %q", c.Log.Format)
	}
	if c.ClientBaseURL != "" {
		u, err := url.Parse(c.ClientBaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("clientBaseUrl", "%q is not an absolute http(s) URL", c.ClientBaseURL)
		}
	}
	for _, o := range c.AllowedOrigins {
		if o == "*" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			bad("allowedOrigins", "%q is not * or an origin like https://example.com", o)
		}
	}
	if c.ChannelType != "BASIC" && c.ChannelType != "STANDARD" {
		bad("channelType", "must be BASIC or STANDARD, not %q", c.ChannelType)
	}
	for _, d := range c.SignUpAllowedDomains {
		if d == "" || strings.ContainsAny(d, "@ /") {
			bad("signUpAllowedDomains", "%q is not a domain name", d)
		}
	}
	if c.LogRetention < 0 {
		bad("logRetention", "must be 0 (forever) or a number of days")
	}
	if c.Accounts.UnverifiedTTL <= 0 {
		bad("accounts.unverifiedTTL", "must be positive")
	}
	if c.Accounts.CleanupInterval <= 0 {
		bad("accounts.cleanupInterval", "must be positive")
	}
	if c.Accounts.SessionTTL < time.Minute {
		bad("accounts.sessionTTL", "must be at least 1m")
	}
	if c.Accounts.PasswordHashMemoryKiB < 64 {
		bad("accounts.passwordHashMemoryKiB", "must be at least 64")
	}
	if c.Webhooks.RetryDelay < time.Millisecond || c.Webhooks.RetryDelay > time.Hour {
		bad("webhooks.retryDelay", "must be between 1ms and 1h")
	}
	if c.Accounts.PasswordHashIterations < 1 {
		bad("accounts.passwordHashIterations", "must be at least 1")
	}
	if len(problems) > 0 {
		return fmt.Errorf("invalid configuration:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}
