package product

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/errs"
)

func ptr[T any](v T) *T { return &v }

// wantItems is testdata/searchitems.json mapped with tracking id chan-21.
var wantItems = []Item{
	{
		Images: &Images{
			Large:  &ImageRef{URL: "https://m.media-amazon.com/images/I/41KsiGHKA-L._SL500_.jpg"},
			Medium: &ImageRef{URL: "https://m.media-amazon.com/images/I/41KsiGHKA-L._SL160_.jpg"},
			Small:  &ImageRef{URL: "https://m.media-amazon.com/images/I/41KsiGHKA-L._SL75_.jpg"},
		},
		Title:        "Custom T-Shirts - Athletic Grey - 180pcs",
		Price:        &Price{DisplayAmount: "£2,740.00"},
		ProductURL:   "https://www.amazon.co.uk/dp/B0BF422V1P?tag=chan-21&linkCode=osi&th=1&psc=1",
		MerchantInfo: ptr("Custom Apparel House"),
	},
	{
		Title:      "Plain Cotton T-Shirt <Unisex> & Co",
		ProductURL: "https://www.amazon.co.uk/dp/B07VGRJDFY?tag=chan-21&linkCode=osi&th=1&psc=1",
	},
	{
		Images:     &Images{Medium: &ImageRef{URL: "https://m.media-amazon.com/images/I/51Zy8tEfq9L._SL160_.jpg"}},
		Title:      "Organic T-Shirt, Navy",
		Price:      &Price{DisplayAmount: "£14.99"},
		ProductURL: "https://www.amazon.co.uk/dp/B08N5WRWNW?tag=chan-21&linkCode=osi&th=1&psc=1",
	},
}

// TestSearch drives the client against the fake PA-API host for each kind of
// answer Amazon gives.
func TestSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string // or testdata file name
		query  Query
		want   Result
		// For errors: the errs code and kind, and the upstream code kept for
		// the logs.
		wantCode     string
		wantKind     errs.Kind
		wantUpstream *UpstreamError
	}{
		{
			name: "items mapped, nulls for what is missing", status: 200, body: "searchitems.json",
			query: Query{Keywords: "t-shirt", TrackingID: "chan-21"},
			want:  Result{SearchCount: ptr(312), Items: wantItems, Keyword: "t-shirt"},
		},
		{
			name: "keyword answered as given, untrimmed", status: 200, body: `{"SearchResult":{"TotalResultCount":0,"Items":[]}}`,
			query: Query{Keywords: "  t-shirt "},
			want:  Result{SearchCount: ptr(0), Items: []Item{}, Keyword: "  t-shirt "},
		},
		{
			name: "no tracking id keeps the partner tag", status: 200,
			body:  `{"SearchResult":{"TotalResultCount":1,"Items":[{"DetailPageURL":"https://www.amazon.co.uk/dp/B1?tag=onairpartner-21&th=1","ItemInfo":{"Title":{"DisplayValue":"T"}}}]}}`,
			query: Query{Keywords: "t"},
			want: Result{SearchCount: ptr(1), Keyword: "t", Items: []Item{
				{Title: "T", ProductURL: "https://www.amazon.co.uk/dp/B1?tag=onairpartner-21&th=1"},
			}},
		},
		{
			name: "no results is an empty answer", status: 404, body: "noresults.json",
			query: Query{Keywords: "zzqxv"},
			want:  Result{SearchCount: ptr(0), Items: []Item{}, Keyword: "zzqxv"},
		},
		{
			name: "corrupt body", status: 200, body: "corrupt.json",
			query: Query{Keywords: "t-shirt"},
			want:  Result{Items: []Item{}, Keyword: "t-shirt"},
		},
		{
			name: "wrong types", status: 200, body: `{"SearchResult":{"TotalResultCount":"many","Items":{}}}`,
			query: Query{Keywords: "t-shirt"},
			want:  Result{Items: []Item{}, Keyword: "t-shirt"},
		},
		{
			name: "no SearchResult", status: 200, body: `{"Errors":[{"Code":"InvalidParameterValue","Message":"x"}]}`,
			query: Query{Keywords: "t-shirt"},
			want:  Result{Items: []Item{}, Keyword: "t-shirt"},
		},
		{
			name: "empty body", status: 200, body: ``,
			query: Query{Keywords: "t-shirt"},
			want:  Result{Items: []Item{}, Keyword: "t-shirt"},
		},
		{
			name: "partial: no count, one unreadable item", status: 200,
			body:  `{"SearchResult":{"Items":[{"DetailPageURL":42},{"DetailPageURL":"https://www.amazon.co.uk/dp/B2","Offers":{"Listings":[]}}]}}`,
			query: Query{Keywords: "t"},
			want:  Result{Keyword: "t", Items: []Item{{ProductURL: "https://www.amazon.co.uk/dp/B2"}}},
		},
		{
			name: "throttled", status: 429, body: "throttled.json", query: Query{Keywords: "t-shirt"},
			wantCode: "TooManyRequestsException", wantKind: errs.KindRateLimited,
			wantUpstream: &UpstreamError{Status: 429, Code: "TooManyRequests",
				Message: "The request was denied due to request throttling. Please verify the number of requests made per second to the Amazon Product Advertising API."},
		},
		{
			name: "throttled, empty body", status: 429, body: ``, query: Query{Keywords: "t-shirt"},
			wantCode: "TooManyRequestsException", wantKind: errs.KindRateLimited,
			wantUpstream: &UpstreamError{Status: 429},
		},
		{
			name: "upstream 500", status: 500, body: "internalfailure.json", query: Query{Keywords: "t-shirt"},
			wantCode: "UnexpectedException", wantKind: errs.KindInternal,
			wantUpstream: &UpstreamError{Status: 500, Code: "InternalFailure",
				Message: "The request processing has failed because of an unknown error, exception or failure. Please retry again."},
		},
		{
			name: "upstream 503 with only __type", status: 503, body: `{"__type":"com.amazon.paapi5#ServiceUnavailableException"}`,
			query:    Query{Keywords: "t-shirt"},
			wantCode: "UnexpectedException", wantKind: errs.KindInternal,
			wantUpstream: &UpstreamError{Status: 503, Code: "ServiceUnavailableException"},
		},
		{
			name: "proxy error page", status: 502, body: `<html><body>Bad Gateway</body></html>`,
			query:    Query{Keywords: "t-shirt"},
			wantCode: "UnexpectedException", wantKind: errs.KindInternal,
			wantUpstream: &UpstreamError{Status: 502},
		},
		{
			name: "404 that is not NoResults", status: 404, body: `{"Errors":[{"Code":"InvalidAssociate","Message":"Your access key is not mapped to a Primary of approved associate store."}]}`,
			query:    Query{Keywords: "t-shirt"},
			wantCode: "UnexpectedException", wantKind: errs.KindInternal,
			wantUpstream: &UpstreamError{Status: 404, Code: "InvalidAssociate",
				Message: "Your access key is not mapped to a Primary of approved associate store."},
		},
		{
			name: "credentials in an upstream message are masked", status: 400,
			body:     `{"Errors":[{"Code":"InvalidParameterValue","Message":"key AKIAONAIRTEST0000000 and s3cr3t/K7MDENG+bPxRfiCYONAIRKEY"}]}`,
			query:    Query{Keywords: "t-shirt"},
			wantCode: "UnexpectedException", wantKind: errs.KindInternal,
			wantUpstream: &UpstreamError{Status: 400, Code: "InvalidParameterValue", Message: "key [redacted] and [redacted]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := tt.body
			if strings.HasSuffix(body, ".json") {
				body = readTestdata(t, body)
			}
			f, srv := newFake(t, "United Kingdom", func(fakeRequest) (int, string) { return tt.status, body })
			got, err := f.client(t, srv).Search(context.Background(), tt.query)
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Search: %v", err)
				}
				if tt.want.Items == nil {
					tt.want.Items = []Item{}
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("result (-want +got):\n%s", diff)
				}
				return
			}
			e, ok := errs.As(err)
			if !ok || e.Code != tt.wantCode || e.Kind != tt.wantKind {
				t.Fatalf("err = %v, want code %s kind %v", err, tt.wantCode, tt.wantKind)
			}
			var up *UpstreamError
			if !errors.As(err, &up) {
				t.Fatalf("err %v does not carry an *UpstreamError", err)
			}
			if diff := cmp.Diff(tt.wantUpstream, up); diff != "" {
				t.Errorf("upstream error (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), f.secretKey) || strings.Contains(err.Error(), f.accessKey) {
				t.Errorf("error shows a credential: %v", err)
			}
			if len(f.received()) != 1 {
				t.Errorf("fake received %d requests, want 1", len(f.received()))
			}
		})
	}
}

// TestSearchRequest checks what reaches Amazon for each query.
func TestSearchRequest(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", MaxKeywords) // characters, not bytes
	tests := []struct {
		name   string
		locale string
		query  Query
		want   fakeRequest // PartnerTag, PartnerType, ItemCount, Availability, Resources checked by the fake
	}{
		{"defaults", "United States", Query{Keywords: "harry potter"},
			fakeRequest{Keywords: "harry potter", Marketplace: "www.amazon.com", ItemPage: 1}},
		{"relevance is PA-API's default, not sent", "United States", Query{Keywords: "x", Sort: "Relevance"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.com", ItemPage: 1}},
		{"newest arrivals", "Japan", Query{Keywords: "x", Sort: "NewestArrivals"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.co.jp", ItemPage: 1, SortBy: "NewestArrivals"}},
		{"price low to high", "Germany", Query{Keywords: "x", Sort: "Price:LowToHigh", Page: 2},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.de", ItemPage: 2, SortBy: "Price:LowToHigh"}},
		{"price high to low", "Australia", Query{Keywords: "x", Sort: "Price:HighToLow", Page: 5},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.com.au", ItemPage: 5, SortBy: "Price:HighToLow"}},
		{"featured", "Brazil", Query{Keywords: "x", Sort: "Featured"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.com.br", ItemPage: 1, SortBy: "Featured"}},
		{"language", "United Kingdom", Query{Keywords: "x", Language: "en_GB"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.co.uk", ItemPage: 1, LanguagesOfPreference: []string{"en_GB"}}},
		{"browser-style language", "United Arab Emirates", Query{Keywords: "x", Language: "ar-AE"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.ae", ItemPage: 1, LanguagesOfPreference: []string{"ar_AE"}}},
		{"keywords trimmed", "United States", Query{Keywords: "\t tv  stand \n"},
			fakeRequest{Keywords: "tv  stand", Marketplace: "www.amazon.com", ItemPage: 1}},
		{"200 characters", "United States", Query{Keywords: " " + long + " "},
			fakeRequest{Keywords: long, Marketplace: "www.amazon.com", ItemPage: 1}},
		{"markup sent as is", "United States", Query{Keywords: "<b>&"},
			fakeRequest{Keywords: "<b>&", Marketplace: "www.amazon.com", ItemPage: 1}},
		{"misspelt locale signs for us-east-1", "Untied Kingdom", Query{Keywords: "x"},
			fakeRequest{Keywords: "x", Marketplace: "www.amazon.com", ItemPage: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, srv := newFake(t, tt.locale, func(fakeRequest) (int, string) { return 404, readTestdata(t, "noresults.json") })
			if _, err := f.client(t, srv).Search(context.Background(), tt.query); err != nil {
				t.Fatalf("Search: %v", err)
			}
			reqs := f.received()
			if len(reqs) != 1 {
				t.Fatalf("fake received %d requests, want 1", len(reqs))
			}
			want := tt.want
			want.PartnerTag, want.PartnerType, want.ItemCount, want.Availability = f.partnerTag, "Associates", 10, "Available"
			want.Resources = resources
			if diff := cmp.Diff(want, reqs[0]); diff != "" {
				t.Errorf("request (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSearchRefusesBadInput checks that bad queries fail before any request.
func TestSearchRefusesBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query Query
		want  error
		kind  errs.Kind
		code  string
	}{
		{"blank keywords", Query{}, ErrKeywords, errs.KindNotFound, "NotFoundException"},
		{"spaces only", Query{Keywords: " \t\n "}, ErrKeywords, errs.KindNotFound, "NotFoundException"},
		{"201 characters", Query{Keywords: strings.Repeat("a", MaxKeywords+1)}, ErrKeywords, errs.KindNotFound, "NotFoundException"},
		{"201 two-byte characters", Query{Keywords: strings.Repeat("é", MaxKeywords+1)}, ErrKeywords, errs.KindNotFound, "NotFoundException"},
		{"not UTF-8", Query{Keywords: "a\xffb"}, ErrKeywords, errs.KindNotFound, "NotFoundException"},
		{"unknown sort", Query{Keywords: "x", Sort: "AvgCustomerReviews"}, ErrSort, errs.KindInvalid, "BadRequestException"},
		{"sort is case-sensitive", Query{Keywords: "x", Sort: "relevance"}, ErrSort, errs.KindInvalid, "BadRequestException"},
		{"sort label, not value", Query{Keywords: "x", Sort: "Price: Low to high"}, ErrSort, errs.KindInvalid, "BadRequestException"},
		{"page 6", Query{Keywords: "x", Page: 6}, ErrPage, errs.KindInvalid, "BadRequestException"},
		{"page -1", Query{Keywords: "x", Page: -1}, ErrPage, errs.KindInvalid, "BadRequestException"},
		{"language with symbols", Query{Keywords: "x", Language: "en_US;drop"}, ErrLanguage, errs.KindInvalid, "BadRequestException"},
		{"language trailing separator", Query{Keywords: "x", Language: "en_"}, ErrLanguage, errs.KindInvalid, "BadRequestException"},
		{"language too long", Query{Keywords: "x", Language: strings.Repeat("ab_", 20) + "ab"}, ErrLanguage, errs.KindInvalid, "BadRequestException"},
	}
	f, srv := newFake(t, "United States", func(fakeRequest) (int, string) { return 500, "" })
	c := f.client(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.Search(context.Background(), tt.query)
			e, ok := errs.As(err)
			if !errors.Is(err, tt.want) || !ok || e.Kind != tt.kind || e.Code != tt.code {
				t.Fatalf("err = %v, want %v (%v %s)", err, tt.want, tt.kind, tt.code)
			}
		})
	}
	t.Cleanup(func() {
		if n := len(f.received()); n != 0 {
			t.Errorf("bad input reached Amazon %d times", n)
		}
	})
}

// TestSearchSignatureChecked is the fake's negative control: a client holding
// another secret key is refused, as Amazon refuses it.
func TestSearchSignatureChecked(t *testing.T) {
	t.Parallel()
	f, srv := newFake(t, "United States", func(fakeRequest) (int, string) { return 200, readTestdata(t, "searchitems.json") })
	for _, tt := range []struct {
		name string
		cfg  Config
	}{
		{"wrong secret key", Config{AccessKey: f.accessKey, SecretKey: "not-the-secret", PartnerTag: f.partnerTag}},
		{"wrong region (locale of another host)", Config{AccessKey: f.accessKey, SecretKey: f.secretKey, PartnerTag: f.partnerTag, Locale: "Japan"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Endpoint, cfg.HTTPClient, cfg.Now = srv.URL, srv.Client(), func() time.Time { return fakeNow }
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Search(context.Background(), Query{Keywords: "x"})
			var up *UpstreamError
			if !errors.Is(err, ErrUnexpected) || !errors.As(err, &up) || up.Status != http.StatusUnauthorized || up.Code != "InvalidSignature" {
				t.Fatalf("err = %v, want UnexpectedException wrapping 401 InvalidSignature", err)
			}
		})
	}
}

func TestSearchTransportError(t *testing.T) {
	t.Parallel()
	f, srv := newFake(t, "United States", func(fakeRequest) (int, string) { return 200, "{}" })
	c := f.client(t, srv)
	srv.Close()
	_, err := c.Search(context.Background(), Query{Keywords: "x"})
	if e, ok := errs.As(err); !ok || e.Code != "UnexpectedException" || e.Kind != errs.KindInternal {
		t.Fatalf("err = %v, want UnexpectedException", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = c.Search(ctx, Query{Keywords: "x"})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, ErrUnexpected) {
		t.Fatalf("err = %v, want UnexpectedException wrapping context.Canceled", err)
	}
}

// TestResultJSON pins the wire shape of spec 3.5.
func TestResultJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Result
		want string
	}{
		{"full and partial items", Result{SearchCount: ptr(312), Keyword: "Avengers", Items: []Item{
			{
				Images: &Images{
					Large:  &ImageRef{URL: "https://m.media-amazon.com/l.jpg"},
					Medium: &ImageRef{URL: "https://m.media-amazon.com/m.jpg"},
					Small:  &ImageRef{URL: "https://m.media-amazon.com/s.jpg"},
				},
				Title: "Custom T-Shirts", Price: &Price{DisplayAmount: "$2,740.00"},
				ProductURL: "https://www.amazon.com/dp/B0BF422V1P?tag=t-20", MerchantInfo: ptr("Custom Apparel House"),
			},
			{Images: &Images{Small: &ImageRef{URL: "https://m.media-amazon.com/s.jpg"}}, Title: "Bare", ProductURL: "https://www.amazon.com/dp/B1"},
			{Title: "None", ProductURL: "https://www.amazon.com/dp/B2"},
		}},
			`{"searchCount":312,"items":[` +
				`{"images":{"large":{"url":"https://m.media-amazon.com/l.jpg"},"medium":{"url":"https://m.media-amazon.com/m.jpg"},"small":{"url":"https://m.media-amazon.com/s.jpg"}},"title":"Custom T-Shirts","price":{"displayAmount":"$2,740.00"},"productURL":"https://www.amazon.com/dp/B0BF422V1P?tag=t-20","merchantInfo":"Custom Apparel House"},` +
				`{"images":{"large":null,"medium":null,"small":{"url":"https://m.media-amazon.com/s.jpg"}},"title":"Bare","price":null,"productURL":"https://www.amazon.com/dp/B1","merchantInfo":null},` +
				`{"images":null,"title":"None","price":null,"productURL":"https://www.amazon.com/dp/B2","merchantInfo":null}` +
				`],"keyword":"Avengers"}`},
		{"corrupt", Result{Items: []Item{}, Keyword: "k"}, `{"searchCount":null,"items":[],"keyword":"k"}`},
		{"no results", Result{SearchCount: ptr(0), Items: []Item{}, Keyword: "k"}, `{"searchCount":0,"items":[],"keyword":"k"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("JSON\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestForOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		err      error
		origin   string
		wantCode string // "" for nil
		wantKind errs.Kind
	}{
		{"no error", nil, "sort", "", 0},
		{"input origin keeps throttling", ErrTooManyRequests, "input", "TooManyRequestsException", errs.KindRateLimited},
		{"no origin keeps unexpected", ErrUnexpected, "", "UnexpectedException", errs.KindInternal},
		{"sort turns throttling into SortProductsException", ErrTooManyRequests, "sort", "SortProductsException", errs.KindInternal},
		{"sort turns upstream failure into SortProductsException", ErrUnexpected.Wrap(&UpstreamError{Status: 500}), "sort", "SortProductsException", errs.KindInternal},
		{"sort turns bad input into SortProductsException", ErrPage, "sort", "SortProductsException", errs.KindInternal},
		{"sort keeps the keyword-length 404", ErrKeywords, "sort", "NotFoundException", errs.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ForOrigin(tt.err, tt.origin)
			if tt.wantCode == "" {
				if got != nil {
					t.Fatalf("got %v, want nil", got)
				}
				return
			}
			e, ok := errs.As(got)
			if !ok || e.Code != tt.wantCode || e.Kind != tt.wantKind {
				t.Fatalf("got %v, want %s (%v)", got, tt.wantCode, tt.wantKind)
			}
			if !errors.Is(got, tt.err) {
				t.Errorf("%v no longer wraps %v", got, tt.err)
			}
		})
	}
}

func TestNew(t *testing.T) {
	t.Parallel()
	ok := Config{AccessKey: "ak", SecretKey: "sk", PartnerTag: "pt-20"}
	tests := []struct {
		name    string
		change  func(*Config)
		wantErr string
		wantURL string
	}{
		{"defaults to the United States host", func(*Config) {}, "", "https://webservices.amazon.com/paapi5/searchitems"},
		{"locale host", func(c *Config) { c.Locale = "japan" }, "", "https://webservices.amazon.co.jp/paapi5/searchitems"},
		{"endpoint override", func(c *Config) { c.Endpoint = "http://127.0.0.1:8080/" }, "", "http://127.0.0.1:8080/paapi5/searchitems"},
		{"empty credentials named", func(c *Config) { c.AccessKey, c.PartnerTag = "", " " }, "empty credentials: accessKey, partnerTag", ""},
		{"empty secret named", func(c *Config) { c.SecretKey = "" }, "empty credentials: secretKey", ""},
		{"endpoint not a URL", func(c *Config) { c.Endpoint = "127.0.0.1:8080" }, "not an http(s) URL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := ok
			tt.change(&cfg)
			c, err := New(cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.url != tt.wantURL {
				t.Errorf("url = %s, want %s", c.url, tt.wantURL)
			}
		})
	}
}
