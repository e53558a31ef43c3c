package product

import (
	"encoding/json"
	"net/url"
	"strings"
)

// The Product Advertising API 5.0 wire format, as far as SearchItems needs it:
// https://webservices.amazon.com/paapi5/documentation/search-items.html

const (
	searchItemsPath   = "/paapi5/searchitems"
	searchItemsTarget = "com.amazon.paapi5.v1.ProductAdvertisingAPIv1.SearchItems"
	paapiService      = "ProductAdvertisingAPI"
	itemCount         = 10
)

// resources are the item fields a search asks for (spec 3.5: title, price,
// merchant, small/medium/large images).
var resources = []string{
	"Images.Primary.Small",
	"Images.Primary.Medium",
	"Images.Primary.Large",
	"ItemInfo.Title",
	"Offers.Listings.Price",
	"Offers.Listings.MerchantInfo",
}

type searchItemsRequest struct {
	Keywords              string   `json:"Keywords"`
	PartnerTag            string   `json:"PartnerTag"`
	PartnerType           string   `json:"PartnerType"`
	Marketplace           string   `json:"Marketplace"`
	ItemCount             int      `json:"ItemCount"`
	ItemPage              int      `json:"ItemPage"`
	SortBy                string   `json:"SortBy,omitempty"`
	Availability          string   `json:"Availability"`
	LanguagesOfPreference []string `json:"LanguagesOfPreference,omitempty"`
	Resources             []string `json:"Resources"`
}

type searchItemsResponse struct {
	SearchResult *struct {
		TotalResultCount *int              `json:"TotalResultCount"`
		Items            []json.RawMessage `json:"Items"`
	} `json:"SearchResult"`
	Errors []apiError `json:"Errors"`
}

// apiError is one entry of a PA-API response's Errors array.
type apiError struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
}

type apiImage struct {
	URL string `json:"URL"`
}

type apiItem struct {
	DetailPageURL string `json:"DetailPageURL"`
	Images        *struct {
		Primary *struct {
			Small  *apiImage `json:"Small"`
			Medium *apiImage `json:"Medium"`
			Large  *apiImage `json:"Large"`
		} `json:"Primary"`
	} `json:"Images"`
	ItemInfo *struct {
		Title *struct {
			DisplayValue string `json:"DisplayValue"`
		} `json:"Title"`
	} `json:"ItemInfo"`
	Offers *struct {
		Listings []struct {
			Price *struct {
				DisplayAmount string `json:"DisplayAmount"`
			} `json:"Price"`
			MerchantInfo *struct {
				Name string `json:"Name"`
			} `json:"MerchantInfo"`
		} `json:"Listings"`
	} `json:"Offers"`
}

// summarize maps a successful SearchItems body to the spec's summary. Data it
// cannot read is tolerated, never an error: a body that is not the expected
// JSON gives a null searchCount and no items (spec 13.2), and an item that
// cannot be read, or has no http(s) detail page to link to, is left out.
func summarize(body []byte, keyword, trackingID string) Result {
	res := Result{Items: []Item{}, Keyword: keyword}
	var resp searchItemsResponse
	if err := json.Unmarshal(body, &resp); err != nil || resp.SearchResult == nil {
		return res
	}
	if n := resp.SearchResult.TotalResultCount; n != nil && *n >= 0 {
		res.SearchCount = n
	}
	for _, raw := range resp.SearchResult.Items {
		var it apiItem
		if err := json.Unmarshal(raw, &it); err != nil {
			continue
		}
		if item, ok := summarizeItem(it, trackingID); ok {
			res.Items = append(res.Items, item)
		}
	}
	return res
}

func summarizeItem(it apiItem, trackingID string) (Item, bool) {
	link, ok := withTag(it.DetailPageURL, trackingID)
	if !ok {
		return Item{}, false
	}
	item := Item{ProductURL: link}
	if it.ItemInfo != nil && it.ItemInfo.Title != nil {
		item.Title = it.ItemInfo.Title.DisplayValue
	}
	if it.Images != nil && it.Images.Primary != nil {
		p := it.Images.Primary
		imgs := Images{Large: imageRef(p.Large), Medium: imageRef(p.Medium), Small: imageRef(p.Small)}
		if imgs.Large != nil || imgs.Medium != nil || imgs.Small != nil {
			item.Images = &imgs
		}
	}
	if it.Offers != nil && len(it.Offers.Listings) > 0 {
		l := it.Offers.Listings[0]
		if l.Price != nil && l.Price.DisplayAmount != "" {
			item.Price = &Price{DisplayAmount: l.Price.DisplayAmount}
		}
		if l.MerchantInfo != nil && l.MerchantInfo.Name != "" {
			name := l.MerchantInfo.Name
			item.MerchantInfo = &name
		}
	}
	return item, true
}

func imageRef(img *apiImage) *ImageRef {
	if img == nil || !isWebURL(img.URL) {
		return nil
	}
	return &ImageRef{URL: img.URL}
}

// isWebURL reports whether s is an absolute http(s) URL, the only kind the
// web app may put in an href or src.
func isWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// withTag returns link with its tag query parameter set to tag (replacing
// the partner tag PA-API put there, or adding one), keeping the other
// parameters in their order. A blank tag leaves link as it is. ok is false
// when link is not an absolute http(s) URL.
func withTag(link, tag string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", false
	}
	if tag == "" {
		return link, true
	}
	param := "tag=" + url.QueryEscape(tag)
	var parts []string
	replaced := false
	if u.RawQuery != "" {
		for _, p := range strings.Split(u.RawQuery, "&") {
			name, _, _ := strings.Cut(p, "=")
			if n, err := url.QueryUnescape(name); err == nil && n == "tag" {
				if !replaced {
					parts = append(parts, param)
					replaced = true
				}
				continue // a second tag would be ambiguous; drop it
			}
			parts = append(parts, p)
		}
	}
	if !replaced {
		parts = append(parts, param)
	}
	u.RawQuery = strings.Join(parts, "&")
	u.ForceQuery = false
	return u.String(), true
}
