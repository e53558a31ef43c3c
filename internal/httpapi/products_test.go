package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/product"
)

// fakePAAPI answers SearchItems with the product package's recorded
// responses (its own tests check the request signature in detail); it
// records what it was asked.
func fakePAAPI(t *testing.T) (*httptest.Server, *[]map[string]any) {
	t.Helper()
	var asked []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		asked = append(asked, body)
		if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=AKIDONAIR/") ||
			r.Header.Get("X-Amz-Target") != "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.SearchItems" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		file := "searchitems.json"
		status := 200
		switch body["Keywords"] {
		case "nothing":
			file, status = "noresults.json", 404
		case "busy":
			file, status = "throttled.json", 429
		}
		data, err := os.ReadFile(filepath.Join("..", "product", "testdata", file))
		if err != nil {
			t.Error(err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv, &asked
}

func TestProductSearch(t *testing.T) {
	t.Parallel()
	fake, asked := fakePAAPI(t)
	secrets := filepath.Join(t.TempDir(), "paapi.json")
	if err := os.WriteFile(secrets, []byte(`{"accessKey":"AKIDONAIR","secretKey":"s3cr3t-key-value","partnerTag":"onairpartner-21"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := apptest.Start(t, apptest.Options{Configure: func(c *config.Config) {
		c.EnableAmazonProductStreamAction = true
		c.ProductAPISecretsFile = secrets
		c.ProductAPIEndpoint = fake.URL
		c.ProductAPILocale = "united kingdom"
		c.ProductLinkRegionCode = "uk"
	}})
	c := srv.SignedIn(t, "shopper")
	own, _ := c.OwnChannel(ctx)

	var res product.Result
	if err := c.Do(ctx, "GET", "/api/v1/products/custom%20t-shirts?sort=Price:LowToHigh&page=2", nil, &res); err != nil {
		t.Fatal(err)
	}
	if res.SearchCount == nil || len(res.Items) != 3 || res.Keyword != "custom t-shirts" {
		t.Fatalf("result = %+v", res)
	}
	if u := res.Items[0].ProductURL; !strings.Contains(u, "tag="+own.ChannelID+"-uk") {
		t.Errorf("product URL %q lacks the affiliate tag %s-uk", u, own.ChannelID)
	}
	if got := (*asked)[0]; got["Marketplace"] != "www.amazon.co.uk" || got["SortBy"] != "Price:LowToHigh" || got["ItemPage"] != float64(2) {
		t.Errorf("upstream request = %v", got)
	}
	// The trackingId itself stays the channel id (quirk 2).
	if own.TrackingID != own.ChannelID {
		t.Errorf("trackingId %q != channel id %q", own.TrackingID, own.ChannelID)
	}

	var empty product.Result
	if err := c.Do(ctx, "GET", "/api/v1/products/nothing", nil, &empty); err != nil || empty.SearchCount == nil || *empty.SearchCount != 0 || len(empty.Items) != 0 {
		t.Errorf("no results = %+v, %v", empty, err)
	}
	err := c.Do(ctx, "GET", "/api/v1/products/busy", nil, &res)
	wantErr(t, "throttled", err, 429, "TooManyRequestsException")
	err = c.Do(ctx, "GET", "/api/v1/products/busy?origin=sort", nil, &res)
	wantErr(t, "throttled while sorting", err, 500, "SortProductsException")
	err = c.Do(ctx, "GET", "/api/v1/products/"+strings.Repeat("k", 201), nil, &res)
	wantErr(t, "keywords over 200", err, 404, "NotFoundException")
	err = c.Do(ctx, "GET", "/api/v1/products/shoes?sort=Cheapest", nil, &res)
	wantErr(t, "unknown sort", err, 400, "BadRequestException")
	err = c.Do(ctx, "GET", "/api/v1/products/shoes?page=six", nil, &res)
	wantErr(t, "bad page", err, 400, "BadRequestException")
	err = srv.Client().Do(ctx, "GET", "/api/v1/products/shoes", nil, &res)
	wantErr(t, "signed out", err, 401, "UnauthorizedException")
	if strings.Contains(srv.Logs.String(), "s3cr3t-key-value") {
		t.Error("the secret key reached the log")
	}
}

func TestProductSearchOff(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.SignedIn(t, "nobuyer")
	resp, err := http.Get(srv.URL + "/api/v1/config")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"enableAmazonProductStreamAction":false`) {
		t.Errorf("config = %s", body)
	}
	var res product.Result
	err = c.Do(ctx, "GET", "/api/v1/products/shoes", nil, &res)
	wantErr(t, "search while off", err, 404, "NotFoundException")
}
