package blob

import (
	"errors"
	"net/http"
)

// Handler serves stored files read-only. Mount it as
// http.StripPrefix("/files/", blob.Handler(store)): the rest of the path is
// the key. Keys are versioned (a new upload gets a new key), so a response
// may be cached forever. Directories are never listed.
func Handler(s Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		key := r.URL.Path
		if !ValidKey(key) {
			http.NotFound(w, r)
			return
		}
		obj, err := s.Get(r.Context(), key)
		if errors.Is(err, ErrNotFound) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		defer obj.Body.Close()

		h := w.Header()
		ct := obj.ContentType
		if ct == "" {
			ct = "application/octet-stream" // never let ServeContent sniff
		}
		h.Set("Content-Type", ct)
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		// User uploads are untrusted: never sniff them into HTML, never run
		// them as a document, and keep other sites from embedding them.
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cross-Origin-Resource-Policy", "same-site")
		http.ServeContent(w, r, "", obj.ModTime, obj.Body)
	})
}
