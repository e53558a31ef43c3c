package httpapi

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// spa serves the built web app: hashed assets with long-lived caching, and
// index.html for every other path so client-side routes work on reload.
type spa struct {
	files fs.FS
	index []byte
}

const missingUI = `<!doctype html><title>Onair</title><h1>Onair</h1><p>The web app is not built into this binary. Run <code>make run</code> to build it.</p>`

func newSPA(files fs.FS) http.Handler {
	s := &spa{files: files, index: []byte(missingUI)}
	if files != nil {
		if b, err := fs.ReadFile(files, "index.html"); err == nil {
			s.index = b
		}
	}
	return s
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name != "" && name != "index.html" && s.files != nil {
		if f, err := s.files.Open(name); err == nil {
			defer f.Close()
			if st, err := f.Stat(); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					// Vite names assets by content hash, so they never change.
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					w.Header().Set("Cache-Control", "public, max-age=3600")
				}
				if rs, ok := f.(io.ReadSeeker); ok {
					http.ServeContent(w, r, st.Name(), st.ModTime(), rs)
					return
				}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "file unavailable", http.StatusInternalServerError)
			return
		}
		if strings.HasPrefix(name, "assets/") {
			http.NotFound(w, r)
			return
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(s.index))
}
