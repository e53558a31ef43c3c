package httpapi_test

import (
	"strings"
	"testing"

	"github.com/centrifugal/centrifuge-go"

	"github.com/onair/onair/internal/apptest"
)

// TestLogsHoldNoSecrets runs every account flow and then scans the whole
// server log for the passwords, session tokens and stream keys it used.
func TestLogsHoldNoSecrets(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	secrets := []string{apptest.Password}
	c := srv.SignedIn(t, "secretive")
	secrets = append(secrets, c.SessionToken())
	own, err := c.OwnChannel(ctx)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, own.StreamKeyValue)
	key, err := c.ResetStreamKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, key)
	// Realtime: a connection token and the cookie on the WebSocket.
	tok, err := c.RealtimeToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, tok.Token)
	srv.RealtimeWith(t, centrifuge.Config{Token: tok.Token})
	srv.Realtime(t, c)
	c.SignIn(ctx, "secretive", "Wr0ng-guess!")
	secrets = append(secrets, "Wr0ng-guess!")
	if err := c.ChangePassword(ctx, apptest.Password, "Ch4nged-pass"); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, "Ch4nged-pass", c.SessionToken())
	c.RequestPasswordReset(ctx, "secretive@example.com")
	code, name := srv.LastLink(t, "secretive@example.com", "/reset")
	if err := c.ConfirmPasswordReset(ctx, name, code, "R3set-pass!"); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, "R3set-pass!")
	if _, err := c.SignIn(ctx, "secretive@example.com", "R3set-pass!"); err != nil {
		t.Fatal(err)
	}
	secrets = append(secrets, c.SessionToken())
	c.DeleteAccount(ctx)

	logs := srv.Logs.String()
	if !strings.Contains(logs, "signed in") {
		t.Fatal("log capture is empty; the scan would prove nothing")
	}
	for _, s := range secrets {
		if s == "" {
			t.Fatal("a secret was empty; the scan would prove nothing")
		}
		if strings.Contains(logs, s) {
			t.Errorf("server log contains a secret (%d chars starting %.3q)", len(s), s)
		}
	}
}
