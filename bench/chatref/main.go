// Command chatref is the reference the chat fan-out figures are measured
// against: a minimal Centrifuge server with the library's defaults, no
// accounts, no chat service and no history. Anyone may connect (anonymous)
// and subscribe to any channel; POST /publish?channel=<name> publishes its
// body as is. bench/chat.sh (REFERENCE=1) runs bench/chatload against it
// right after onair, so the two are compared on the same machine in the
// same run.
//
//	go run ./bench/chatref -addr 127.0.0.1:0 -ready-file /tmp/ready
//
// It listens on loopback only and writes its base URL to -ready-file once
// it serves.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/centrifugal/centrifuge"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	ready := flag.String("ready-file", "", "write the base URL here once serving (required)")
	flag.Parse()
	if *ready == "" {
		fmt.Fprintln(os.Stderr, "chatref: -ready-file required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, *ready); err != nil {
		fmt.Fprintln(os.Stderr, "chatref:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr, readyFile string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-addr: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("-addr must be a loopback address")
	}
	node, err := centrifuge.New(centrifuge.Config{LogLevel: centrifuge.LogLevelNone})
	if err != nil {
		return fmt.Errorf("centrifuge node: %w", err)
	}
	node.OnConnecting(func(context.Context, centrifuge.ConnectEvent) (centrifuge.ConnectReply, error) {
		return centrifuge.ConnectReply{Credentials: &centrifuge.Credentials{}}, nil // anonymous
	})
	node.OnConnect(func(c *centrifuge.Client) {
		c.OnSubscribe(func(_ centrifuge.SubscribeEvent, cb centrifuge.SubscribeCallback) {
			cb(centrifuge.SubscribeReply{}, nil)
		})
	})
	if err := node.Run(); err != nil {
		return fmt.Errorf("run node: %w", err)
	}
	defer node.Shutdown(context.Background())

	mux := http.NewServeMux()
	mux.Handle("/connection/websocket", centrifuge.NewWebsocketHandler(node, centrifuge.WebsocketConfig{}))
	mux.HandleFunc("POST /publish", func(w http.ResponseWriter, r *http.Request) {
		data, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
		if err != nil {
			http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
			return
		}
		if _, err := node.Publish(r.URL.Query().Get("channel"), data); err != nil {
			http.Error(w, "publish: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	if err := os.WriteFile(readyFile, []byte("http://"+ln.Addr().String()), 0o644); err != nil {
		ln.Close()
		return fmt.Errorf("ready file: %w", err)
	}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
