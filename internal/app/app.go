// Package app is Onair's composition root: it turns a Config into running
// services, serves them, and shuts them down in order.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"golang.org/x/sync/errgroup"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/blob"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/chat"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/httpapi"
	"github.com/onair/onair/internal/mail"
	"github.com/onair/onair/internal/media"
	"github.com/onair/onair/internal/media/hls"
	"github.com/onair/onair/internal/media/ingest/rtmp"
	"github.com/onair/onair/internal/media/ingest/whip"
	"github.com/onair/onair/internal/media/ladder"
	"github.com/onair/onair/internal/media/stats"
	"github.com/onair/onair/internal/media/whep"
	"github.com/onair/onair/internal/overlay"
	"github.com/onair/onair/internal/product"
	"github.com/onair/onair/internal/realtime"
	"github.com/onair/onair/internal/rtc"
	"github.com/onair/onair/internal/sfu"
	"github.com/onair/onair/internal/stage"
	"github.com/onair/onair/internal/store"
	"github.com/onair/onair/internal/webhook"
)

// Version is set at build time with -ldflags "-X .../app.Version=...".
var Version = "dev"

// Options are what the caller supplies beside the config.
type Options struct {
	Log *slog.Logger
	// Web is the built web app; nil serves a notice instead.
	Web fs.FS
	// Now is the clock (tests); defaults to time.Now.
	Now func() time.Time
}

// App is a configured Onair process.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	db       *store.DB
	Accounts *account.Service
	Channels *channel.Service
	Health   *health.Service
	Mailbox  *mail.Mailbox
	// Realtime, Chat and Overlay exist once the app listens.
	Realtime *realtime.Node
	Chat     *chat.Service
	Overlay  *overlay.Service
	// Webhooks delivers stream events to owners' endpoints.
	Webhooks *webhook.Service
	// Stages runs co-host sessions once the app listens (with the "stage"
	// role or an external SFU); nil when they are off.
	Stages *stage.Service
	// Media, HLS and Ladder exist with the "media" role.
	Media  *media.Registry
	HLS    *hls.Server
	Ladder *ladder.Transcoder
	// WHIP and WHEP exist with the "media" role once the app listens.
	WHIP *whip.Server
	WHEP *whep.Server

	files       blob.Store
	listener    net.Listener
	server      *http.Server
	baseURL     string
	rtmpLn      net.Listener
	rtmp        *rtmp.Server
	rtc         *rtc.Transport
	stats       *stats.Sampler
	sfu         *sfu.SFU
	stageSignal http.Handler
}

// Open connects the database and migrates it; enough for admin commands.
func Open(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	db, err := store.Open(ctx, cfg.Database.URL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	a := &App{cfg: cfg, log: opts.Log, db: db, baseURL: cfg.BaseURL()}
	if err := a.build(opts); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// build wires the domain services.
func (a *App) build(opts Options) error {
	cfg := a.cfg
	var senders mail.Multi
	if cfg.SMTP.Host != "" {
		senders = append(senders, mail.NewSMTP(mail.SMTPConfig{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port,
			Username: cfg.SMTP.Username, Password: cfg.SMTP.Password, From: cfg.SMTP.From, TLS: cfg.SMTP.TLS}))
	} else {
		senders = append(senders, mail.LogSender{Log: a.log.With("component", "mail")})
	}
	if cfg.Dev {
		a.Mailbox = mail.NewMailbox(200)
		senders = append(senders, a.Mailbox)
	}
	domains := make([]string, len(cfg.SignUpAllowedDomains))
	for i, d := range cfg.SignUpAllowedDomains {
		domains[i] = strings.ToLower(d)
	}
	acc, err := account.New(account.Config{
		ClientBaseURL: a.baseURL, AutoVerify: cfg.EnableUserAutoVerify, AllowedDomains: domains,
		SessionTTL: cfg.Accounts.SessionTTL, UnverifiedTTL: cfg.Accounts.UnverifiedTTL,
		Hasher: account.Hasher{MemoryKiB: uint32(cfg.Accounts.PasswordHashMemoryKiB), Iterations: uint32(cfg.Accounts.PasswordHashIterations), Threads: 1},
	}, account.Deps{Repo: a.db.Accounts(), Mailer: senders, Log: a.log.With("component", "account"), Now: opts.Now,
		SessionsEnded: a.sessionsEnded})
	if err != nil {
		return fmt.Errorf("account service: %w", err)
	}
	a.Accounts = acc
	a.Webhooks = webhook.New(webhook.Config{AllowPrivate: cfg.Webhooks.AllowPrivate, RetryBaseDelay: cfg.Webhooks.RetryDelay},
		webhook.Deps{Repo: a.db.Webhooks(), Log: a.log.With("component", "webhook"), Now: opts.Now})
	a.Health = health.New(health.Config{Node: cfg.Media.Node},
		health.Deps{Repo: a.db.Sessions(), Log: a.log.With("component", "health"), Now: opts.Now,
			EventsRecorded: a.Webhooks.Notify})
	var revoker channel.KeyRevoker
	if cfg.HasRole(config.RoleMedia) {
		a.buildMedia(opts)
		revoker = keyRevoker{a.Media}
	}
	files, err := blob.NewDir(filepath.Join(cfg.DataDir, "files"))
	if err != nil {
		return fmt.Errorf("file storage: %w", err)
	}
	a.files = files
	a.Channels = channel.New(channel.Config{
		Type: cfg.ChannelType, BaseURL: a.baseURL, IngestHost: cfg.IngestHost(), IngestPort: cfg.IngestPort(),
	}, channel.Deps{Repo: a.db.Channels(), Log: a.log.With("component", "channel"), Now: opts.Now, Revoker: revoker,
		Files: files, Looks: a.Accounts})
	return nil
}

// Listen opens the HTTP listener and builds the server. When no
// clientBaseUrl is configured the public base URL follows the bound address,
// so port 0 works.
func Listen(ctx context.Context, cfg config.Config, opts Options) (*App, error) {
	ln, err := net.Listen("tcp", cfg.HTTP.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (http.addr): %w", cfg.HTTP.Addr, err)
	}
	if cfg.ClientBaseURL == "" {
		cfg.ClientBaseURL = "http://" + ln.Addr().String()
	}
	var rtmpLn net.Listener
	if cfg.HasRole(config.RoleMedia) {
		if rtmpLn, err = listenRTMP(cfg.RTMP.Addr); err != nil {
			ln.Close()
			return nil, err
		}
		cfg.RTMP.Addr = rtmpLn.Addr().String() // ingest URLs name the bound port
	}
	a, err := Open(ctx, cfg, opts)
	if err != nil {
		ln.Close()
		if rtmpLn != nil {
			rtmpLn.Close()
		}
		return nil, err
	}
	a.listener = ln
	var hlsHandler, whipHandler, whepHandler http.Handler
	if rtmpLn != nil {
		a.rtmpLn, a.rtmp, hlsHandler = rtmpLn, a.newRTMP(opts), a.HLS
		if err := a.listenWebRTC(opts); err != nil {
			a.Close()
			return nil, err
		}
		whipHandler, whepHandler = a.WHIP, a.WHEP
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if err := a.startRealtime(opts, reg); err != nil {
		a.Close()
		return nil, err
	}
	if err := a.startStages(ctx, opts); err != nil {
		a.Close()
		return nil, err
	}
	products, err := a.productClient()
	if err != nil {
		a.Close()
		return nil, err
	}
	handler := httpapi.New(httpapi.Config{
		Dev: cfg.Dev, AllowedOrigins: cfg.AllowedOrigins, SecureCookies: strings.HasPrefix(a.baseURL, "https://"),
		SessionTTL: cfg.Accounts.SessionTTL, ChannelType: cfg.ChannelType,
		EnableAmazonProductStreamAction: cfg.EnableAmazonProductStreamAction, Version: Version,
		API: cfg.HasRole(config.RoleAPI), BaseURL: a.baseURL, ProductLinkRegionCode: cfg.ProductLinkRegionCode,
		ConnectTo: a.connectTo(),
	}, httpapi.Deps{Log: a.log, Accounts: a.Accounts, Channels: a.Channels, Health: a.Health, Mailbox: a.Mailbox,
		Ping: a.db.Ping, Registry: reg, Web: opts.Web, HLS: hlsHandler,
		WHIP: whipHandler, WHEP: whepHandler, Chat: a.Chat, Overlay: a.Overlay, Realtime: a.realtimeHandler(), Files: blob.Handler(a.files),
		Products: products, Webhooks: a.Webhooks, Stages: a.Stages, StageSignal: a.stageSignal})
	a.server = &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	return a, nil
}

// BaseURL is the public base URL (http://host:port when none is configured).
func (a *App) BaseURL() string { return a.baseURL }

// Run serves until ctx ends, then shuts down gracefully.
func (a *App) Run(ctx context.Context) error {
	if a.server == nil {
		return errors.New("app.Run needs app.Listen")
	}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := a.server.Serve(a.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("http server: %w", err)
		}
		return nil
	})
	g.Go(func() error { return a.Accounts.RunCleanup(ctx, a.cfg.Accounts.CleanupInterval) })
	g.Go(func() error { return a.Overlay.Run(ctx) })
	g.Go(func() error { return a.Health.Run(ctx) }) // downsamples old metric samples
	g.Go(func() error { return a.Webhooks.Run(ctx) })
	if a.Stages != nil {
		g.Go(func() error { return a.Stages.Run(ctx) })
	}
	if a.rtmp != nil {
		// Sessions a crash left open end before new ones can start (even
		// if shutdown was already asked for: it is a short write).
		if _, err := a.Health.CloseAbandoned(context.WithoutCancel(ctx)); err != nil {
			return err
		}
		g.Go(func() error {
			err := a.rtmp.Serve(ctx, a.rtmpLn)
			a.closeWebRTC()
			// Ingest has stopped, so every stream has ended.
			a.Ladder.Close()
			a.HLS.Close()
			a.stats.Close()
			return err
		})
	}
	g.Go(func() error {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		// WebSockets are hijacked connections the HTTP server no longer tracks.
		rtErr := a.closeRealtime(shutdownCtx)
		a.closeStages()
		return errors.Join(a.server.Shutdown(shutdownCtx), rtErr)
	})
	if f := a.cfg.HTTP.ReadyFile; f != "" {
		if err := writeReadyFile(f, a.baseURL); err != nil {
			return err
		}
	}
	a.log.Info("onair ready", "url", a.baseURL, "rtmp", a.RTMPAddr(), "version", Version, "database", a.db.Dialect, "dev", a.cfg.Dev)
	return g.Wait()
}

// writeReadyFile writes atomically so a watcher never reads half a URL.
func writeReadyFile(path, url string) error {
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
	if err := os.WriteFile(tmp, []byte(url+"\n"), 0o644); err != nil {
		return fmt.Errorf("write ready file: %w", err)
	}
	return os.Rename(tmp, path)
}

// Close releases the listeners and the database.
func (a *App) Close() error {
	if a.listener != nil {
		a.listener.Close()
	}
	if a.rtmpLn != nil {
		a.rtmpLn.Close()
	}
	a.closeWebRTC()
	if a.Ladder != nil {
		a.Ladder.Close()
	}
	if a.HLS != nil {
		a.HLS.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = a.closeRealtime(ctx) // after Run it is already closed: a no-op
	a.closeStages()
	return a.db.Close()
}

// productClient is the Amazon catalogue client, nil when the Amazon
// product stream action is off.
func (a *App) productClient() (*product.Client, error) {
	cfg := a.cfg
	if !cfg.EnableAmazonProductStreamAction {
		return nil, nil
	}
	access, secret, tag, err := product.LoadSecrets(cfg.ProductAPISecretsFile)
	if err != nil {
		return nil, fmt.Errorf("productApiSecretsFile: %w", err)
	}
	if _, ok := product.MarketplaceFor(cfg.ProductAPILocale); !ok && cfg.ProductAPILocale != "" {
		a.log.Warn("productApiLocale is not a supported marketplace; using United States", "locale", cfg.ProductAPILocale)
	}
	return product.New(product.Config{AccessKey: access, SecretKey: secret, PartnerTag: tag,
		Locale: cfg.ProductAPILocale, Endpoint: cfg.ProductAPIEndpoint})
}
