package httpapi_test

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/centrifugal/centrifuge-go"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
)

// handshake asks for a WebSocket upgrade and returns the status.
func handshake(t *testing.T, srv *apptest.Server, origin string) int {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/connection/websocket", nil)
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	req.Header.Set("Sec-WebSocket-Protocol", "centrifuge-json")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// inboxAnswer subscribes to the user's own inbox over a connection with
// these headers: "" when allowed, else the refusal's reason.
func inboxAnswer(t *testing.T, srv *apptest.Server, userID string, header http.Header) string {
	t.Helper()
	return srv.RealtimeWith(t, centrifuge.Config{Header: header}).Subscribe("#" + userID).Answer()
}

func TestRealtimeOrigins(t *testing.T) {
	t.Parallel()
	// A listed origin may use the cookie; nothing else may connect.
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.AllowedOrigins = []string{"https://studio.example"}
	}})
	c := srv.SignedIn(t, "listener")
	me, _ := c.Session(ctx)
	cookie := "onair_session=" + c.SessionToken()
	for _, tc := range []struct {
		origin string
		want   int
	}{{"", 101}, {srv.URL, 101}, {"https://studio.example", 101}, {"https://evil.example", 403}, {"null", 403}} {
		if got := handshake(t, srv, tc.origin); got != tc.want {
			t.Errorf("handshake from %q = %d, want %d", tc.origin, got, tc.want)
		}
	}
	for _, origin := range []string{"", srv.URL, "https://studio.example"} {
		h := http.Header{"Cookie": {cookie}}
		if origin != "" {
			h.Set("Origin", origin)
		}
		if r := inboxAnswer(t, srv, me.ID, h); r != "" {
			t.Errorf("own inbox from %q with the cookie: refused %s", origin, r)
		}
	}

	// "*" lets any origin connect, but without credentials.
	open := apptest.Start(t, apptest.Options{})
	c2 := open.SignedIn(t, "listener")
	me2, _ := c2.Session(ctx)
	if got := handshake(t, open, "https://evil.example"); got != 101 {
		t.Errorf("handshake from any origin with * = %d", got)
	}
	h := http.Header{"Cookie": {"onair_session=" + c2.SessionToken()}, "Origin": {"https://evil.example"}}
	if r := inboxAnswer(t, open, me2.ID, h); r != "UnauthorizedException" {
		t.Errorf("cookie from a foreign origin: got %q, want the connection anonymous (UnauthorizedException)", r)
	}
	// A connection token works from anywhere.
	tok, err := c2.RealtimeToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tok.URL != open.WebsocketURL() || time.Until(tok.ExpiresAt) > time.Minute || tok.Token == "" {
		t.Errorf("token = %+v", tok)
	}
	f := open.RealtimeWith(t, centrifuge.Config{Token: tok.Token, Header: http.Header{"Origin": {"https://evil.example"}}}).Subscribe("#" + me2.ID)
	f.Subscribed()
}

func TestRealtimeTokens(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	_, err := srv.Client().RealtimeToken(ctx)
	wantErr(t, "anonymous token", err, 401, "UnauthorizedException")
	c := srv.SignedIn(t, "tokenuser")
	me, _ := c.Session(ctx)
	tok, err := c.RealtimeToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	srv.RealtimeWith(t, centrifuge.Config{Token: tok.Token}).Subscribe("#" + me.ID).Subscribed()

	// The token is used up: a second connection with it is told the token
	// expired, so the client asks for a new one.
	asked := make(chan struct{}, 1)
	again := centrifuge.NewJsonClient(srv.WebsocketURL(), centrifuge.Config{Token: tok.Token,
		GetToken: func(centrifuge.ConnectionTokenEvent) (string, error) {
			select {
			case asked <- struct{}{}:
			default:
			}
			return "", centrifuge.ErrUnauthorized
		}})
	t.Cleanup(again.Close)
	connected := make(chan struct{}, 1)
	again.OnConnected(func(centrifuge.ConnectedEvent) { connected <- struct{}{} })
	if err := again.Connect(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-asked:
	case <-connected:
		t.Fatal("a used token connected again")
	case <-time.After(apptest.Wait):
		t.Fatal("the client was never asked for a new token")
	}
}

func TestContentSecurityPolicy(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	get := func(path string) (string, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Header.Get("Content-Security-Policy"), string(b)
	}
	csp, _ := get("/some/spa/route")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	ws := "ws" + strings.TrimPrefix(srv.URL, "http")
	for name, want := range map[string]string{
		"default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "object-src": "'none'",
		"connect-src": "'self' " + ws, "frame-ancestors": "'none'", "base-uri": "'self'",
	} {
		if directives[name] != want {
			t.Errorf("%s = %q, want %q (policy %q)", name, directives[name], want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("policy allows inline code: %q", csp)
	}
	// The dev mailbox's one inline style is allowed by its hash.
	csp, page := get("/dev/mailbox")
	style := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(page)
	if style == nil {
		t.Fatal("mailbox page has no style")
	}
	sum := sha256.Sum256([]byte(style[1]))
	if hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(csp, "style-src 'self' "+hash) {
		t.Errorf("mailbox policy %q does not allow its style %s", csp, hash)
	}
}
