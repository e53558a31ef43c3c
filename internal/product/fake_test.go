package product

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePAAPI is a stand-in for a Product Advertising API 5.0 host. It checks
// each SearchItems request the way Amazon does: the target and headers, the
// SigV4 signature (recomputed here from the credentials, independently of the
// client's signer), and the body's fields; then it answers in PA-API's JSON.
// A request it refuses gets PA-API's error shape, so the client sees it as
// an upstream error naming what was wrong.
type fakePAAPI struct {
	accessKey, secretKey, partnerTag string
	market                           Marketplace
	now                              time.Time
	// answer returns the status and body for an accepted request.
	answer func(r fakeRequest) (int, string)

	mu       sync.Mutex
	requests []fakeRequest
}

// fakeRequest is a SearchItems body as the fake decodes it (unknown fields
// refused).
type fakeRequest struct {
	Keywords              string
	PartnerTag            string
	PartnerType           string
	Marketplace           string
	ItemCount             int
	ItemPage              int
	SortBy                string
	Availability          string
	LanguagesOfPreference []string
	Resources             []string
}

var fakeNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newFake(t *testing.T, locale string, answer func(fakeRequest) (int, string)) (*fakePAAPI, *httptest.Server) {
	t.Helper()
	m, _ := MarketplaceFor(locale)
	f := &fakePAAPI{
		accessKey:  "AKIAONAIRTEST0000000",
		secretKey:  "s3cr3t/K7MDENG+bPxRfiCYONAIRKEY",
		partnerTag: "onairpartner-21",
		market:     m,
		now:        fakeNow,
		answer:     answer,
	}
	srv := httptest.NewServer(f) // listens on 127.0.0.1:0
	t.Cleanup(srv.Close)
	return f, srv
}

// client returns a Client of the fake's account pointed at srv.
func (f *fakePAAPI) client(t *testing.T, srv *httptest.Server) *Client {
	t.Helper()
	c, err := New(Config{
		AccessKey: f.accessKey, SecretKey: f.secretKey, PartnerTag: f.partnerTag,
		Locale: f.market.Locale, Endpoint: srv.URL, HTTPClient: srv.Client(),
		Now: func() time.Time { return f.now },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fakePAAPI) received() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func (f *fakePAAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	if status, code, msg := f.check(r, body); status != 0 {
		writePAAPIError(w, status, code, msg)
		return
	}
	var req fakeRequest
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writePAAPIError(w, http.StatusBadRequest, "InvalidParameterValue", "body: "+err.Error())
		return
	}
	if msg := f.checkBody(req); msg != "" {
		writePAAPIError(w, http.StatusBadRequest, "InvalidParameterValue", msg)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	status, answer := f.answer(req)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, answer)
}

const wantSignedHeaders = "content-encoding;content-type;host;x-amz-date;x-amz-target"

// check verifies the request line, headers and signature.
func (f *fakePAAPI) check(r *http.Request, body []byte) (status int, code, msg string) {
	switch {
	case r.Method != http.MethodPost:
		return 405, "InvalidParameterValue", "method " + r.Method
	case r.URL.Path != "/paapi5/searchitems" || r.URL.RawQuery != "":
		return 404, "InvalidParameterValue", "path " + r.URL.RequestURI()
	case r.Header.Get("X-Amz-Target") != "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.SearchItems":
		return 400, "UnrecognizedClient", "x-amz-target " + r.Header.Get("X-Amz-Target")
	case r.Header.Get("Content-Encoding") != "amz-1.0":
		return 400, "InvalidParameterValue", "content-encoding " + r.Header.Get("Content-Encoding")
	case r.Header.Get("Content-Type") != "application/json; charset=utf-8":
		return 400, "InvalidParameterValue", "content-type " + r.Header.Get("Content-Type")
	case r.Header.Get("X-Amz-Date") != f.now.Format("20060102T150405Z"):
		return 401, "InvalidSignature", "x-amz-date " + r.Header.Get("X-Amz-Date")
	}

	// Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...
	auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
	if !ok {
		return 401, "IncompleteSignature", "authorization scheme"
	}
	parts := map[string]string{}
	for _, p := range strings.Split(auth, ", ") {
		k, v, _ := strings.Cut(p, "=")
		parts[k] = v
	}
	date := f.now.Format("20060102")
	scope := date + "/" + f.market.Region + "/ProductAdvertisingAPI/aws4_request"
	if parts["Credential"] != f.accessKey+"/"+scope {
		return 401, "InvalidSignature", "credential " + parts["Credential"]
	}
	if parts["SignedHeaders"] != wantSignedHeaders {
		return 401, "IncompleteSignature", "signed headers " + parts["SignedHeaders"]
	}

	// Canonical request, from the SigV4 specification.
	var canon strings.Builder
	for _, h := range strings.Split(wantSignedHeaders, ";") {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.Host
		}
		fmt.Fprintf(&canon, "%s:%s\n", h, strings.TrimSpace(v))
	}
	bodySum := sha256.Sum256(body)
	creq := strings.Join([]string{
		"POST", "/paapi5/searchitems", "", canon.String(), wantSignedHeaders, hex.EncodeToString(bodySum[:]),
	}, "\n")
	creqSum := sha256.Sum256([]byte(creq))
	sts := "AWS4-HMAC-SHA256\n" + f.now.Format("20060102T150405Z") + "\n" + scope + "\n" + hex.EncodeToString(creqSum[:])
	mac := func(key []byte, s string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(s))
		return h.Sum(nil)
	}
	key := mac(mac(mac(mac([]byte("AWS4"+f.secretKey), date), f.market.Region), "ProductAdvertisingAPI"), "aws4_request")
	want := hex.EncodeToString(mac(key, sts))
	if !hmac.Equal([]byte(parts["Signature"]), []byte(want)) {
		return 401, "InvalidSignature", "The request signature we calculated does not match the signature you provided."
	}
	return 0, "", ""
}

func (f *fakePAAPI) checkBody(req fakeRequest) string {
	wantResources := []string{"Images.Primary.Large", "Images.Primary.Medium", "Images.Primary.Small",
		"ItemInfo.Title", "Offers.Listings.MerchantInfo", "Offers.Listings.Price"}
	got := slices.Clone(req.Resources)
	sort.Strings(got)
	switch {
	case req.Keywords == "" || req.Keywords != strings.TrimSpace(req.Keywords):
		return fmt.Sprintf("Keywords %q", req.Keywords)
	case req.PartnerTag != f.partnerTag || req.PartnerType != "Associates":
		return "PartnerTag/PartnerType " + req.PartnerTag + "/" + req.PartnerType
	case req.Marketplace != f.market.Site:
		return "Marketplace " + req.Marketplace
	case req.ItemCount != 10:
		return fmt.Sprintf("ItemCount %d", req.ItemCount)
	case req.ItemPage < 1 || req.ItemPage > 10:
		return fmt.Sprintf("ItemPage %d", req.ItemPage)
	case req.Availability != "Available":
		return "Availability " + req.Availability
	case !slices.Equal(got, wantResources):
		return fmt.Sprintf("Resources %v", req.Resources)
	}
	return ""
}

func writePAAPIError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"__type": "com.amazon.paapi5#" + code + "Exception",
		"Errors": []map[string]string{{"Code": code, "Message": msg}},
	})
}

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
