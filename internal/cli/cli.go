// Package cli implements the onair command line: serve, migrate, version and
// the user administration commands.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/app"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/gctune"
	"github.com/onair/onair/internal/logging"
)

// Env is the process environment handed in by main.
type Env struct {
	Lookup func(string) (string, bool)
	Stdout io.Writer
	Stderr io.Writer
	Web    fs.FS
}

const usage = `Usage: onair <command> [flags]

Commands:
  serve                 run Onair (web app, API, media, realtime)
  migrate               apply database migrations and exit
  version               print the version
  config                print the configuration reference
  user create --username U --email E --password P [--verified] [--json]
  user delete <username>
  user verify <username>
  seed [--channels N] [--live M] [--followed-by U] [--live-for D]
                        make N demo channels; M of them stream a test pattern
  seed --delete         delete the demo channels

Every command accepts --config <file.yaml> and the configuration flags
(run "onair serve -h" to list them).
`

// Run executes args and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], env)
	case "migrate":
		err = migrate(ctx, args[1:], env)
	case "version":
		fmt.Fprintln(env.Stdout, "onair", app.Version)
	case "config":
		fmt.Fprint(env.Stdout, config.Reference())
	case "user":
		err = user(ctx, args[1:], env)
	case "seed":
		err = seed(ctx, args[1:], env)
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "onair: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, "onair:", publicMessage(err))
		return 1
	}
	return 0
}

// publicMessage prefers a domain error's message and field details.
func publicMessage(err error) string {
	e, ok := errs.As(err)
	if !ok || e.Kind == errs.KindInternal {
		return err.Error()
	}
	msg := e.Message
	for field, m := range e.Fields {
		if m != e.Message {
			msg += fmt.Sprintf(" (%s: %s)", field, m)
		}
	}
	return msg
}

// loadConfig builds the config from defaults < file < env < flags. extra
// registers command-specific flags on the same set.
func loadConfig(name string, args []string, env Env, extra func(*flag.FlagSet)) (config.Config, *flag.FlagSet, error) {
	cfg := config.Default()
	fs := flag.NewFlagSet("onair "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	file := fs.String("config", "", "YAML configuration file (env ONAIR_CONFIG)")
	applyFlags := cfg.Flags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return cfg, nil, err
	}
	path := *file
	if path == "" {
		path, _ = env.Lookup("ONAIR_CONFIG")
	}
	if path != "" {
		if err := cfg.LoadFile(path); err != nil {
			return cfg, nil, err
		}
	}
	if err := cfg.ApplyEnv(env.Lookup); err != nil {
		return cfg, nil, err
	}
	if err := applyFlags(); err != nil {
		return cfg, nil, err
	}
	return cfg, fs, cfg.Validate()
}

func newLogger(cfg config.Config, env Env) (*slog.Logger, func() error, error) {
	level := cfg.Log.Level
	if cfg.Dev && level == "info" {
		level = "debug"
	}
	return logging.New(logging.Config{Level: level, Format: cfg.Log.Format, Dir: cfg.Log.Dir, RetentionDays: cfg.LogRetention}, env.Stderr)
}

func serve(ctx context.Context, args []string, env Env) error {
	cfg, _, err := loadConfig("serve", args, env, nil)
	if err != nil {
		return err
	}
	log, closeLog, err := newLogger(cfg, env)
	if err != nil {
		return err
	}
	defer closeLog()
	if cfg.EnableUserAutoVerify && !cfg.Dev {
		log.Warn("enableUserAutoVerify is on outside dev mode: new accounts skip email verification")
	}
	if cfg.SMTP.Host == "" {
		log.Warn("no SMTP server configured (smtp.host): verification and reset links are written to this log")
	}
	if _, set := env.Lookup("GOGC"); !set {
		go gctune.Run(ctx, gctune.DefaultHeadroom, log)
	}
	a, err := app.Listen(ctx, cfg, app.Options{Log: log, Web: env.Web})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Run(ctx)
}

func migrate(ctx context.Context, args []string, env Env) error {
	cfg, _, err := loadConfig("migrate", args, env, nil)
	if err != nil {
		return err
	}
	log, closeLog, err := newLogger(cfg, env)
	if err != nil {
		return err
	}
	defer closeLog()
	a, err := app.Open(ctx, cfg, app.Options{Log: log})
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(env.Stdout, "migrations applied")
	return nil
}

func user(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 {
		return errors.New("user needs a subcommand: create, delete or verify")
	}
	var (
		username, email, password string
		verified, asJSON          bool
	)
	extra := func(fs *flag.FlagSet) {
		if args[0] == "create" {
			fs.StringVar(&username, "username", "", "username (4-20 letters, digits, . or _)")
			fs.StringVar(&email, "email", "", "email address")
			fs.StringVar(&password, "password", "", "password")
			fs.BoolVar(&verified, "verified", false, "mark the email as verified")
			fs.BoolVar(&asJSON, "json", false, "print the user and channel as JSON")
		}
	}
	cfg, fs, err := loadConfig("user "+args[0], args[1:], env, extra)
	if err != nil {
		return err
	}
	a, closeApp, err := openAdmin(ctx, cfg, env)
	if err != nil {
		return err
	}
	defer closeApp()

	switch args[0] {
	case "create":
		return createUser(ctx, a, env, username, email, password, verified, asJSON)
	case "delete", "verify":
		if fs.NArg() != 1 {
			return fmt.Errorf("user %s needs exactly one username", args[0])
		}
		u, err := a.Accounts.UserByUsername(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		done := "deleted"
		if args[0] == "delete" {
			if err = a.Accounts.Delete(ctx, u.ID); err == nil {
				err = a.Channels.DeleteFiles(ctx, u.ID)
			}
		} else {
			done = "verified"
			err = a.Accounts.MarkVerified(ctx, u.ID)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "user %s %s\n", u.Username, done)
		return nil
	default:
		return fmt.Errorf("unknown user subcommand %q (create, delete, verify)", args[0])
	}
}

// openAdmin opens the database and services for an admin command, which
// logs only warnings so its own output stays readable.
func openAdmin(ctx context.Context, cfg config.Config, env Env) (*app.App, func(), error) {
	cfg.Log.Level = "warn"
	cfg.Dev = false
	log, closeLog, err := newLogger(cfg, env)
	if err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, app.Options{Log: log})
	if err != nil {
		closeLog()
		return nil, nil, err
	}
	return a, func() {
		a.Close()
		closeLog()
	}, nil
}

// createdUser is the --json output of user create.
type createdUser struct {
	ID          string `json:"id"`
	Username    string `json:"username"`
	Email       string `json:"email"`
	Verified    bool   `json:"verified"`
	ChannelID   string `json:"channelId"`
	PlaybackID  string `json:"playbackId"`
	PlaybackURL string `json:"playbackUrl"`
	IngestURL   string `json:"ingestUrl"`
	StreamKey   string `json:"streamKey"`
}

func createUser(ctx context.Context, a *app.App, env Env, username, email, password string, verified, asJSON bool) error {
	u, err := a.Accounts.Create(ctx, account.CreateInput{Username: username, Email: email, Password: password, Verified: verified})
	if err != nil {
		return err
	}
	ch, err := a.Channels.Ensure(ctx, u.ID)
	if err != nil {
		return err
	}
	out := createdUser{ID: string(u.ID), Username: u.Username, Email: u.Email, Verified: u.EmailVerified,
		ChannelID: string(ch.ID), PlaybackID: ch.PlaybackID, PlaybackURL: a.Channels.PlaybackURL(ch.PlaybackID),
		IngestURL: a.Channels.IngestServerURL(), StreamKey: ch.StreamKey}
	if asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(env.Stdout, "created user %s (id %s)\nchannel %s\ningest URL %s\nstream key %s\nplayback URL %s\n",
		out.Username, out.ID, out.ChannelID, out.IngestURL, out.StreamKey, out.PlaybackURL)
	return nil
}
