package httpapi

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
)

// mailboxStyle is the page's one inline style; the page's policy allows it
// by hash.
const mailboxStyle = `body{font:15px system-ui;margin:2rem;max-width:60rem}article{border:1px solid #ccc;border-radius:8px;padding:1rem;margin:1rem 0}
pre{white-space:pre-wrap}small{color:#666}`

var mailboxStyleHash = func() string {
	sum := sha256.Sum256([]byte(mailboxStyle))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

var mailboxTemplate = template.Must(template.New("mailbox").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Onair dev mailbox</title>
<style>` + mailboxStyle + `</style></head><body>
<h1>Development mailbox</h1>
<p>Mail Onair would have sent, newest first. Shown only in development mode.</p>
{{range .}}<article><h2>{{.Subject}}</h2><small>To {{.To}} at {{.SentAt.Format "2006-01-02 15:04:05"}}</small>
<pre>{{.Text}}</pre>{{range .Links}}<p><a href="{{.}}">{{.}}</a></p>{{end}}</article>
{{else}}<p>No mail yet.</p>{{end}}
</body></html>`))

func (s *Server) mailboxPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", contentSecurityPolicy(s.cfg.BaseURL, mailboxStyleHash))
	if err := mailboxTemplate.Execute(w, s.mailbox.Messages()); err != nil {
		s.log.Error("render mailbox", "err", err)
	}
}

func (s *Server) mailboxJSON(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"messages": s.mailbox.Messages()})
}
