package whip

import (
	"mime"
	"strings"
)

// maxKey bounds a bearer token; stream keys are far shorter.
const maxKey = 256

// bearer extracts the token of an "Authorization: Bearer <token>" header.
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	if token == "" || len(token) > maxKey {
		return "", false
	}
	for _, c := range []byte(token) {
		if c <= ' ' || c >= 0x7f {
			return "", false
		}
	}
	return token, true
}

// resourceID takes a session id out of /whip/<id>; ok is false for any
// other path (the endpoint itself, or more segments).
func resourceID(path string) (id string, ok bool) {
	rest, found := strings.CutPrefix(path, "/whip/")
	if !found || rest == "" || strings.Contains(rest, "/") || len(rest) > 64 {
		return "", false
	}
	return rest, true
}

// isSDP reports whether a Content-Type is application/sdp.
func isSDP(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/sdp"
}
