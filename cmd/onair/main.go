// Command onair runs the Onair live-streaming platform.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/onair/onair/internal/cli"
	"github.com/onair/onair/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Lookup: os.LookupEnv, Stdout: os.Stdout, Stderr: os.Stderr, Web: web.Assets()})
	stop()
	os.Exit(code)
}
