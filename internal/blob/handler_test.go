package blob

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// newTestServer mounts the handler the way the app does.
func newTestServer(t *testing.T, s Store) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/files/", http.StripPrefix("/files/", Handler(s)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHandler(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	mustPut(t, d, "u/1/avatar-x.png", "0123456789")
	mustPut(t, d, "u/1/page.html", "<script>alert(1)</script>")
	srv := newTestServer(t, d)

	tests := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		wantStatus int
		wantBody   string
		wantHeader map[string]string
	}{
		{
			name: "get", method: "GET", path: "/files/u/1/avatar-x.png",
			wantStatus: 200, wantBody: "0123456789",
			wantHeader: map[string]string{
				"Content-Type":                 "image/png",
				"Content-Length":               "10",
				"Cache-Control":                "public, max-age=31536000, immutable",
				"X-Content-Type-Options":       "nosniff",
				"Content-Security-Policy":      "default-src 'none'; sandbox",
				"Cross-Origin-Resource-Policy": "same-site",
				"Accept-Ranges":                "bytes",
			},
		},
		{
			name: "head", method: "HEAD", path: "/files/u/1/avatar-x.png",
			wantStatus: 200, wantBody: "",
			wantHeader: map[string]string{"Content-Type": "image/png", "Content-Length": "10"},
		},
		{
			name: "range", method: "GET", path: "/files/u/1/avatar-x.png",
			header:     map[string]string{"Range": "bytes=2-5"},
			wantStatus: 206, wantBody: "2345",
			wantHeader: map[string]string{"Content-Range": "bytes 2-5/10", "Content-Type": "image/png"},
		},
		{
			name: "unsatisfiable range is not cached", method: "GET", path: "/files/u/1/avatar-x.png",
			header:     map[string]string{"Range": "bytes=50-60"},
			wantStatus: 416,
			wantHeader: map[string]string{"Cache-Control": ""},
		},
		{
			name: "unknown extension is opaque", method: "GET", path: "/files/u/1/page.html",
			wantStatus: 200, wantBody: "<script>alert(1)</script>",
			wantHeader: map[string]string{"Content-Type": "application/octet-stream", "X-Content-Type-Options": "nosniff"},
		},
		{
			name: "post", method: "POST", path: "/files/u/1/avatar-x.png",
			wantStatus: 405, wantHeader: map[string]string{"Allow": "GET, HEAD"},
		},
		{
			name: "delete", method: "DELETE", path: "/files/u/1/avatar-x.png",
			wantStatus: 405, wantHeader: map[string]string{"Allow": "GET, HEAD"},
		},
		{name: "missing", method: "GET", path: "/files/u/1/nope.png", wantStatus: 404,
			wantHeader: map[string]string{"Content-Type": "text/plain; charset=utf-8", "Cache-Control": ""}},
		{name: "directory is not listed", method: "GET", path: "/files/u/1", wantStatus: 404},
		{name: "directory with slash", method: "GET", path: "/files/u/1/", wantStatus: 404},
		{name: "root", method: "GET", path: "/files/", wantStatus: 404},
		{name: "upper case key", method: "GET", path: "/files/U/1/avatar-x.png", wantStatus: 404},
		{name: "encoded traversal", method: "GET", path: "/files/u/1/%2e%2e/1/avatar-x.png", wantStatus: 404},
		{name: "encoded slash", method: "GET", path: "/files/u%2F1/avatar-x.png", wantStatus: 200, wantBody: "0123456789"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d (body %q)", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.wantStatus < 300 && string(body) != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
			for k, want := range tt.wantHeader {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
		})
	}
}

func TestHandlerConditional(t *testing.T) {
	t.Parallel()
	d, _ := newTestDir(t)
	mustPut(t, d, "a.jpg", "jpeg")
	srv := newTestServer(t, d)
	resp, err := srv.Client().Get(srv.URL + "/files/a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/files/a.jpg", nil)
	req.Header.Set("If-Modified-Since", resp.Header.Get("Last-Modified"))
	resp, err = srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("status %d, want 304", resp.StatusCode)
	}
}

// failingStore fails every Get with an error other than ErrNotFound.
type failingStore struct{ Store }

func (failingStore) Get(context.Context, string) (*Object, error) {
	return nil, errors.New("disk on fire")
}

func TestHandlerStoreError(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t, failingStore{})
	resp, err := srv.Client().Get(srv.URL + "/files/a.png")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if strings.Contains(string(body), "fire") {
		t.Errorf("the cause reached the client: %q", body)
	}
}
