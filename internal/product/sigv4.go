package product

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"time"
)

// AWS Signature Version 4, as the Product Advertising API 5.0 requires it:
// https://docs.aws.amazon.com/general/latest/gr/sigv4_signing.html
const (
	sigAlgorithm  = "AWS4-HMAC-SHA256"
	amzDateLayout = "20060102T150405Z"
	dateLayout    = "20060102"
)

// signer signs requests for one service in one region.
type signer struct {
	accessKey string
	secretKey string
	region    string
	service   string
}

// sign sets X-Amz-Date and Authorization on req. It signs the host and every
// header already in req.Header, so the caller sets exactly the headers to sign
// before calling it (the transport adds User-Agent, Content-Length and
// Accept-Encoding later, unsigned). payload is the request body.
func (s signer) sign(req *http.Request, payload []byte, now time.Time) {
	now = now.UTC()
	amzDate := now.Format(amzDateLayout)
	req.Header.Set("X-Amz-Date", amzDate)

	creq, signedHeaders := canonicalRequest(req, payload)
	scope := now.Format(dateLayout) + "/" + s.region + "/" + s.service + "/aws4_request"
	sts := sigAlgorithm + "\n" + amzDate + "\n" + scope + "\n" + hexSHA256([]byte(creq))

	key := hmacSHA256([]byte("AWS4"+s.secretKey), now.Format(dateLayout))
	key = hmacSHA256(key, s.region)
	key = hmacSHA256(key, s.service)
	key = hmacSHA256(key, "aws4_request")
	sig := hex.EncodeToString(hmacSHA256(key, sts))

	req.Header.Set("Authorization", sigAlgorithm+" Credential="+s.accessKey+"/"+scope+
		", SignedHeaders="+signedHeaders+", Signature="+sig)
}

// canonicalRequest returns the SigV4 canonical request of req and its
// signed-header list.
func canonicalRequest(req *http.Request, payload []byte) (creq, signedHeaders string) {
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	values := map[string]string{"host": canonicalValue([]string{host})}
	for name, vs := range req.Header {
		values[strings.ToLower(name)] = canonicalValue(vs)
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	var headers strings.Builder
	for _, name := range names {
		headers.WriteString(name + ":" + values[name] + "\n")
	}
	signedHeaders = strings.Join(names, ";")

	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	creq = req.Method + "\n" +
		path + "\n" +
		canonicalQuery(req) + "\n" +
		headers.String() + "\n" +
		signedHeaders + "\n" +
		hexSHA256(payload)
	return creq, signedHeaders
}

// canonicalValue joins a header's values with commas, trimming each and
// collapsing runs of spaces.
func canonicalValue(vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(out, ",")
}

// canonicalQuery sorts the query by name then value and encodes both the
// SigV4 way (RFC 3986 unreserved characters kept, everything else %XX).
func canonicalQuery(req *http.Request) string {
	type pair struct{ name, value string }
	var pairs []pair
	for name, vs := range req.URL.Query() {
		for _, v := range vs {
			pairs = append(pairs, pair{uriEncode(name), uriEncode(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return pairs[i].value < pairs[j].value
	})
	out := make([]string, len(pairs))
	for i, p := range pairs {
		out[i] = p.name + "=" + p.value
	}
	return strings.Join(out, "&")
}

func uriEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func hexSHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
