package webhook

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// hosts resolves the test's made-up names like a DNS server would answer
// them; other names fail to resolve.
type hosts map[string][]string

func (h hosts) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	ips, ok := h[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []net.IPAddr
	for _, ip := range ips {
		out = append(out, net.IPAddr{IP: net.ParseIP(ip)})
	}
	return out, nil
}

func TestURLValidation(t *testing.T) {
	t.Parallel()
	resolver := hosts{
		"hooks.example.com":      {"93.184.215.14"},
		"loopback.example.com":   {"127.0.0.1"},
		"mixed.example.com":      {"93.184.215.14", "10.1.2.3"},
		"v6loopback.example.com": {"::1"},
		"localhost":              {"127.0.0.1", "::1"},
	}
	long := "https://hooks.example.com/" + string(make([]byte, MaxURL))
	tests := []struct {
		name string
		url  string
		want error // nil: accepted
		// private is the answer when private addresses are allowed.
		private error
	}{
		{"public https", "https://hooks.example.com/onair?x=1", nil, nil},
		{"public http with port", "http://hooks.example.com:8080/in", nil, nil},
		{"public IP", "https://93.184.215.14/in", nil, nil},
		{"loopback IPv4", "http://127.0.0.1:9000/in", ErrAddress, nil},
		{"private 10/8", "http://10.0.0.1/in", ErrAddress, nil},
		{"private 192.168/16", "http://192.168.1.10/in", ErrAddress, nil},
		{"cloud metadata (link-local)", "http://169.254.169.254/latest/meta-data", ErrAddress, nil},
		{"loopback IPv6", "http://[::1]:9000/in", ErrAddress, nil},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/in", ErrAddress, nil},
		{"unspecified", "http://0.0.0.0/in", ErrAddress, nil},
		{"multicast", "http://224.0.0.1/in", ErrAddress, nil},
		{"carrier-grade NAT", "http://100.64.0.1/in", ErrAddress, nil},
		{"localhost", "http://localhost:9000/in", ErrAddress, nil},
		{"hostname resolving to loopback", "https://loopback.example.com/in", ErrAddress, nil},
		{"hostname resolving to IPv6 loopback", "https://v6loopback.example.com/in", ErrAddress, nil},
		{"one private address among public ones", "https://mixed.example.com/in", ErrAddress, nil},
		{"unresolvable host", "https://nowhere.example.com/in", ErrAddress, nil},
		{"ftp scheme", "ftp://hooks.example.com/in", ErrURL, ErrURL},
		{"userinfo", "https://user:pass@hooks.example.com/in", ErrURL, ErrURL},
		{"user without password", "https://user@hooks.example.com/in", ErrURL, ErrURL},
		{"relative", "/in", ErrURL, ErrURL},
		{"no host", "https:///in", ErrURL, ErrURL},
		{"opaque", "https:hooks.example.com", ErrURL, ErrURL},
		{"empty", "", ErrURL, ErrURL},
		{"too long", long, ErrURL, ErrURL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, allow := range []bool{false, true} {
				s := New(Config{AllowPrivate: allow}, Deps{Resolver: resolver, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
				want := tc.want
				if allow {
					want = tc.private
				}
				_, err := s.check(context.Background(), tc.url)
				if want == nil && err != nil || want != nil && !errors.Is(err, want) {
					t.Errorf("allowPrivate=%v: check(%q) = %v, want %v", allow, tc.url, err, want)
				}
			}
		})
	}
}

// TestDialRefusesPrivateAddresses checks the connect-time guard: a host
// that resolved to a public address at registration and to a private one
// later (DNS rebinding) is still refused.
func TestDialRefusesPrivateAddresses(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(srv.Close)
	tests := []struct {
		name         string
		allowPrivate bool
		wantErr      error
	}{
		{"refused by default", false, errRefusedAddress},
		{"allowed by the admin setting", true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newClient(tc.allowPrivate, 5*time.Second)
			resp, err := c.Post(srv.URL, "application/json", nil)
			if err == nil {
				resp.Body.Close()
			}
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("post to %s = %v, want %v", srv.URL, err, tc.wantErr)
			}
			if err != nil && describe(err) != "refused: the endpoint resolved to a private or local address" {
				t.Errorf("logged as %q", describe(err))
			}
		})
	}
}

func TestSign(t *testing.T) {
	t.Parallel()
	// echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
	got := Sign("whsec_test", "1700000000", []byte(`{"a":1}`))
	want := "v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
	if got != want {
		t.Fatalf("Sign = %q, want %q", got, want)
	}
}
