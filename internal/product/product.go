// Package product searches Amazon's catalogue for the "Amazon product" stream
// action (spec 3.5 and 7.7) through the Product Advertising API 5.0
// SearchItems operation, signing requests with AWS Signature Version 4, and
// maps the answer to the summary the product picker shows.
package product

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onair/onair/internal/errs"
)

// Config configures a Client.
type Config struct {
	// AccessKey, SecretKey and PartnerTag are the Associates account's PA-API
	// credentials and tag (see LoadSecrets); all three are required.
	AccessKey  string
	SecretKey  string
	PartnerTag string
	// Locale is productApiLocale, e.g. "United Kingdom"; see MarketplaceFor
	// for the fallback to the United States.
	Locale string
	// Endpoint, when set, replaces https://<marketplace host> as the base URL
	// requests go to (tests point it at an httptest server). Requests are
	// still signed for the marketplace's region.
	Endpoint string
	// HTTPClient defaults to a client with a 10 s timeout.
	HTTPClient *http.Client
	// Now defaults to time.Now; it dates the request signatures.
	Now func() time.Time
}

// Client searches one marketplace. It is safe for concurrent use.
type Client struct {
	market     Marketplace
	url        string // where SearchItems requests go
	partnerTag string
	signer     signer
	http       *http.Client
	now        func() time.Time
}

// New returns a client for cfg's marketplace.
func New(cfg Config) (*Client, error) {
	var empty []string
	for _, f := range []struct{ name, value string }{
		{"accessKey", cfg.AccessKey}, {"secretKey", cfg.SecretKey}, {"partnerTag", cfg.PartnerTag},
	} {
		if strings.TrimSpace(f.value) == "" {
			empty = append(empty, f.name)
		}
	}
	if len(empty) > 0 {
		return nil, fmt.Errorf("product: empty credentials: %s", strings.Join(empty, ", "))
	}
	market, _ := MarketplaceFor(cfg.Locale)
	base := "https://" + market.Host
	if cfg.Endpoint != "" {
		u, err := url.Parse(cfg.Endpoint)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("product: endpoint %q is not an http(s) URL", cfg.Endpoint)
		}
		base = strings.TrimRight(cfg.Endpoint, "/")
	}
	c := &Client{
		market:     market,
		url:        base + searchItemsPath,
		partnerTag: cfg.PartnerTag,
		signer:     signer{accessKey: cfg.AccessKey, secretKey: cfg.SecretKey, region: market.Region, service: paapiService},
		http:       cfg.HTTPClient,
		now:        cfg.Now,
	}
	if c.http == nil {
		c.http = &http.Client{Timeout: 10 * time.Second}
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// Marketplace returns the marketplace the client searches.
func (c *Client) Marketplace() Marketplace { return c.market }

// Sort orders (spec 3.5), the PA-API SortBy values.
const (
	SortRelevance      = "Relevance"
	SortNewestArrivals = "NewestArrivals"
	SortPriceLowToHigh = "Price:LowToHigh"
	SortPriceHighToLow = "Price:HighToLow"
	SortFeatured       = "Featured"
)

// Limits of a search.
const (
	MaxKeywords = 200 // characters, after trimming
	MaxPage     = 5   // pages of ten items (spec 7.7)
)

// Query is one product search.
type Query struct {
	// Keywords are the words (or ASIN) to search for: 1 to MaxKeywords
	// characters once trimmed.
	Keywords string
	// Sort is one of the Sort constants; blank means SortRelevance.
	Sort string
	// Page is 1 to MaxPage; 0 means 1.
	Page int
	// Language is an optional preferred language such as "en_US" ("en-US"
	// is accepted and sent as "en_US").
	Language string
	// TrackingID, when set, replaces the tag parameter of every productURL
	// (spec 3.5: affiliate links get tag=<trackingId>).
	TrackingID string
}

// Result is the search summary of spec 3.5, JSON-encoded as the response of
// GET /products/:keywords.
type Result struct {
	// SearchCount is PA-API's TotalResultCount; null when the answer did not
	// carry one (corrupt or partial data), 0 when nothing matched.
	SearchCount *int   `json:"searchCount"`
	Items       []Item `json:"items"` // never null
	// Keyword is Query.Keywords as given (untrimmed), so the picker can tell
	// which search an answer belongs to.
	Keyword string `json:"keyword"`
}

// Item is one product of a Result. Images, Price and MerchantInfo are null
// when Amazon did not provide them.
type Item struct {
	Images     *Images `json:"images"`
	Title      string  `json:"title"`
	Price      *Price  `json:"price"`
	ProductURL string  `json:"productURL"`
	// MerchantInfo is the seller's name, a plain string as in the original
	// API ("merchantInfo": "Custom Apparel House").
	MerchantInfo *string `json:"merchantInfo"`
}

// Images holds a product's primary image in three sizes; a missing size is
// null.
type Images struct {
	Large  *ImageRef `json:"large"`
	Medium *ImageRef `json:"medium"`
	Small  *ImageRef `json:"small"`
}

// ImageRef is one image.
type ImageRef struct {
	URL string `json:"url"`
}

// Price is an offer's price as Amazon formats it, e.g. "$2,740.00".
type Price struct {
	DisplayAmount string `json:"displayAmount"`
}

// Errors a search returns. Match them with errors.Is.
var (
	// ErrKeywords: blank, longer than MaxKeywords or not UTF-8. It is a not
	// found error because the original answers 404 for a keyword path
	// parameter over 200 characters (spec 3.0, 13.2): the route does not
	// match, so it carries the HTTP layer's unmatched-route code.
	ErrKeywords = errs.NotFound("NotFoundException", "Search keywords must be 1 to 200 characters.")
	// ErrSort, ErrPage and ErrLanguage refuse a bad query parameter (400).
	ErrSort = errs.FieldErrors("BadRequestException", "Unknown sort order.", map[string]string{
		"sort": "Use Relevance, NewestArrivals, Price:LowToHigh, Price:HighToLow or Featured.",
	})
	ErrPage = errs.FieldErrors("BadRequestException", "Page out of range.", map[string]string{
		"page": "Use a page from 1 to 5.",
	})
	ErrLanguage = errs.FieldErrors("BadRequestException", "Invalid language.", map[string]string{
		"language": "Use a language tag such as en_US.",
	})
	// ErrTooManyRequests: Amazon throttled the account (HTTP 429).
	ErrTooManyRequests = errs.RateLimited("TooManyRequestsException", "Too many product searches; try again in a moment.")
	// ErrUnexpected is every other failure; the cause (an *UpstreamError or
	// a transport error) is wrapped for the logs.
	ErrUnexpected = errs.ErrUnexpected
	// ErrSortProducts is what ForOrigin turns errors into for origin=sort.
	ErrSortProducts = errs.New(errs.KindInternal, "SortProductsException", "Unable to sort the products, please try again.")
)

// OriginSort is the origin query value of a search made by changing the sort
// order in the picker.
const OriginSort = "sort"

// ForOrigin applies the spec's rule for the origin query parameter: a search
// that failed after the streamer changed the sort order (origin=sort)
// answers 500 SortProductsException whatever the cause, throttling included
// (spec 3.5; the picker then reverts the sort choice). ErrKeywords is kept: in
// the original that 404 came from routing, before origin was looked at. The
// original error stays wrapped for the logs. nil stays nil.
func ForOrigin(err error, origin string) error {
	if err == nil || origin != OriginSort || errors.Is(err, ErrKeywords) {
		return err
	}
	return ErrSortProducts.Wrap(err)
}

// UpstreamError is an error answer from the Product Advertising API, kept
// for the logs. Message is Amazon's, shortened, with the configured access
// and secret keys masked should they appear in it.
type UpstreamError struct {
	Status  int    // HTTP status
	Code    string // first Errors[].Code, e.g. "InvalidSignature"
	Message string
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("product advertising api: HTTP %d %s: %s", e.Status, e.Code, e.Message)
}

// maxResponse bounds an answer; ten items with three images are ~20 KB.
const maxResponse = 1 << 20

// Search runs one SearchItems request. Amazon answering "no results" is an
// empty Result with SearchCount 0, not an error. Errors: ErrKeywords,
// ErrSort, ErrPage, ErrLanguage for bad input; ErrTooManyRequests when
// throttled; otherwise ErrUnexpected wrapping the cause.
func (c *Client) Search(ctx context.Context, q Query) (Result, error) {
	body, err := c.requestBody(q)
	if err != nil {
		return Result{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return Result{}, ErrUnexpected.Wrap(fmt.Errorf("product search request: %w", err))
	}
	req.Header.Set("Content-Encoding", "amz-1.0")
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("X-Amz-Target", searchItemsTarget)
	c.signer.sign(req, body, c.now())

	resp, err := c.http.Do(req)
	if err != nil {
		return Result{}, ErrUnexpected.Wrap(fmt.Errorf("product search: %w", err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return Result{}, ErrUnexpected.Wrap(fmt.Errorf("product search: read answer: %w", err))
	}

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if len(data) > maxResponse {
			data = nil // too large to be a real answer: treat as corrupt
		}
		return summarize(data, q.Keywords, q.TrackingID), nil
	}
	up := c.upstreamError(resp.StatusCode, data)
	switch {
	case resp.StatusCode == http.StatusNotFound && up.Code == "NoResults":
		zero := 0
		return Result{SearchCount: &zero, Items: []Item{}, Keyword: q.Keywords}, nil
	case resp.StatusCode == http.StatusTooManyRequests || up.Code == "TooManyRequests" || up.Code == "TooManyRequestsException":
		return Result{}, ErrTooManyRequests.Wrap(up)
	default:
		return Result{}, ErrUnexpected.Wrap(up)
	}
}

// requestBody validates q and encodes its SearchItems request.
func (c *Client) requestBody(q Query) ([]byte, error) {
	kw := strings.TrimSpace(q.Keywords)
	if kw == "" || !utf8.ValidString(kw) || utf8.RuneCountInString(kw) > MaxKeywords {
		return nil, ErrKeywords
	}
	sortBy := q.Sort
	switch sortBy {
	case "", SortRelevance:
		sortBy = "" // Relevance is PA-API's default; leave SortBy out
	case SortNewestArrivals, SortPriceLowToHigh, SortPriceHighToLow, SortFeatured:
	default:
		return nil, ErrSort
	}
	page := q.Page
	if page == 0 {
		page = 1
	}
	if page < 1 || page > MaxPage {
		return nil, ErrPage
	}
	r := searchItemsRequest{
		Keywords:     kw,
		PartnerTag:   c.partnerTag,
		PartnerType:  "Associates",
		Marketplace:  c.market.Site,
		ItemCount:    itemCount,
		ItemPage:     page,
		SortBy:       sortBy,
		Availability: "Available",
		Resources:    resources,
	}
	if lang := strings.TrimSpace(q.Language); lang != "" {
		if !validLanguage(lang) {
			return nil, ErrLanguage
		}
		r.LanguagesOfPreference = []string{strings.ReplaceAll(lang, "-", "_")}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, ErrUnexpected.Wrap(fmt.Errorf("encode product search: %w", err))
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// validLanguage accepts locale tags such as en_US, en-US, es, zh_Hans_CN.
func validLanguage(s string) bool {
	if len(s) > 35 {
		return false
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' })
	if len(parts) == 0 || len(parts) != strings.Count(s, "_")+strings.Count(s, "-")+1 {
		return false // empty part: leading, trailing or doubled separator
	}
	for i, p := range parts {
		if len(p) < 2 || len(p) > 8 || (i == 0 && len(p) > 3) {
			return false
		}
		for _, r := range p {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
				return false
			}
		}
	}
	return true
}

// upstreamError reads a PA-API error answer ({"__type": ..., "Errors":
// [{"Code", "Message"}]}); a body that is not one gives just the status.
func (c *Client) upstreamError(status int, body []byte) *UpstreamError {
	up := &UpstreamError{Status: status}
	var resp struct {
		Type   string     `json:"__type"`
		Errors []apiError `json:"Errors"`
	}
	if json.Unmarshal(body, &resp) == nil {
		if len(resp.Errors) > 0 {
			up.Code, up.Message = resp.Errors[0].Code, resp.Errors[0].Message
		} else if _, name, ok := strings.Cut(resp.Type, "#"); ok {
			up.Code = name // e.g. com.amazon.paapi5#TooManyRequestsException
		}
	}
	up.Code = clip(up.Code, 64)
	for _, secret := range []string{c.signer.secretKey, c.signer.accessKey} {
		up.Message = strings.ReplaceAll(up.Message, secret, "[redacted]")
	}
	up.Message = clip(up.Message, 512)
	return up
}

// clip shortens s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
