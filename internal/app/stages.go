package app

import (
	"context"
	"fmt"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"

	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/sfu"
	"github.com/onair/onair/internal/stage"
)

// startStages starts the SFU (the embedded node with the "stage" role, or
// the external deployment of stages.url) and the stage service over it.
// Without either, stages are off and /stages answers 503.
func (a *App) startStages(ctx context.Context, opts Options) error {
	cfg := a.cfg.Stages
	sc := sfu.Config{URL: cfg.URL, SignalAddr: cfg.SignalAddr, UDPPort: cfg.UDPPort, TCPPort: cfg.TCPPort,
		NodeIP: cfg.NodeIP, Log: a.log}
	switch {
	case cfg.URL != "":
		key, secret, err := readKeysFile(cfg.KeysFile)
		if err != nil {
			return fmt.Errorf("stages.keysFile: %w", err)
		}
		sc.APIKey, sc.APISecret = key, secret
	case !a.cfg.HasRole(config.RoleStage):
		return nil
	}
	node, err := sfu.Start(ctx, sc)
	if err != nil {
		return err
	}
	a.sfu = node
	joinURL := node.URL()
	if cfg.URL == "" {
		// Browsers reach the embedded node's signalling on Onair's own
		// origin, through /rtc.
		target, err := url.Parse(node.HTTPURL())
		if err != nil {
			return fmt.Errorf("sfu address: %w", err)
		}
		a.stageSignal = httputil.NewSingleHostReverseProxy(target)
		joinURL = "ws" + strings.TrimPrefix(a.baseURL, "http")
	}
	a.Stages = stage.New(stage.Config{HostGoneAfter: cfg.HostGoneAfter},
		stage.Deps{Repo: a.db.Stages(), SFU: publicSFU{node, joinURL}, Users: a.Accounts, Channels: a.Channels,
			Live: liveSessions{a.Health}, Bans: a.Chat, Realtime: a.Realtime, Changed: a.stageChanged,
			Log: a.log.With("component", "stage"), Now: opts.Now})
	return nil
}

// stageChanged keeps the directory fresh and, as a stream's end does, ends
// the poll a stage ran (unless the channel streams: the action is the
// stream's then).
func (a *App) stageChanged(ctx context.Context, ch channel.ID, onStage bool) {
	a.Channels.LiveChanged()
	if onStage || a.Overlay == nil {
		return
	}
	if session, err := (liveSessions{a.Health}).LiveSession(ctx, ch); err != nil || session != "" {
		return
	}
	a.Overlay.StreamEnded(ctx, ch)
}

// publicSFU hands browsers the address they can reach.
type publicSFU struct {
	*sfu.SFU
	url string
}

func (p publicSFU) URL() string { return p.url }

// connectTo lists an external SFU's origin for the page policy.
func (a *App) connectTo() []string {
	if a.cfg.Stages.URL == "" {
		return nil
	}
	u, err := url.Parse(a.cfg.Stages.URL)
	if err != nil {
		return nil
	}
	return []string{u.Scheme + "://" + u.Host}
}

// readKeysFile reads "key: secret" (LiveKit's own keys file format).
func readKeysFile(path string) (key, secret string, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", "", err
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			return "", "", fmt.Errorf("%s: want one line \"key: secret\"", path)
		}
		return strings.TrimSpace(k), strings.TrimSpace(v), nil
	}
	return "", "", fmt.Errorf("%s holds no key", path)
}

func (a *App) closeStages() {
	if a.sfu != nil {
		if err := a.sfu.Close(); err != nil {
			a.log.Warn("sfu stopped with an error", "component", "sfu", "err", err)
		}
		a.sfu = nil
	}
}
