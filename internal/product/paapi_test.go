package product

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWithTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, link, tag, want string
		wantOK                bool
	}{
		{"replaces the partner tag (original's fixture)",
			"https://www.amazon.com/dp/B0BF422V1P?tag=123456061-20&linkCode=osi&th=1&psc=1", "vzln75J4knxa-20",
			"https://www.amazon.com/dp/B0BF422V1P?tag=vzln75J4knxa-20&linkCode=osi&th=1&psc=1", true},
		{"replaced in place",
			"https://www.amazon.co.uk/dp/X?linkCode=osi&tag=p-21&th=1", "chan-21",
			"https://www.amazon.co.uk/dp/X?linkCode=osi&tag=chan-21&th=1", true},
		{"added when absent",
			"https://www.amazon.co.uk/dp/X?linkCode=osi", "chan-21",
			"https://www.amazon.co.uk/dp/X?linkCode=osi&tag=chan-21", true},
		{"added to a link without query",
			"https://www.amazon.co.jp/dp/X", "chan-22",
			"https://www.amazon.co.jp/dp/X?tag=chan-22", true},
		{"duplicate tags collapse to one",
			"https://www.amazon.com/dp/X?tag=a&th=1&tag=b", "chan-20",
			"https://www.amazon.com/dp/X?tag=chan-20&th=1", true},
		{"valueless and escaped tag names are tags",
			"https://www.amazon.com/dp/X?t%61g=a&tag", "chan-20",
			"https://www.amazon.com/dp/X?tag=chan-20", true},
		{"similar names are not tags",
			"https://www.amazon.com/dp/X?mytag=a&tags=b", "chan-20",
			"https://www.amazon.com/dp/X?mytag=a&tags=b&tag=chan-20", true},
		{"tracking id escaped",
			"https://www.amazon.com/dp/X?tag=a", "a b&c=d",
			"https://www.amazon.com/dp/X?tag=a+b%26c%3Dd", true},
		{"fragment kept",
			"https://www.amazon.com/dp/X?tag=a#reviews", "chan-20",
			"https://www.amazon.com/dp/X?tag=chan-20#reviews", true},
		{"blank tracking id leaves the link",
			"https://www.amazon.com/dp/X?tag=p-20&th=1", "",
			"https://www.amazon.com/dp/X?tag=p-20&th=1", true},
		{"javascript refused", "javascript:alert(1)//?tag=a", "chan-20", "", false},
		{"relative refused", "/dp/X?tag=a", "chan-20", "", false},
		{"empty refused", "", "", "", false},
		{"other scheme refused", "ftp://www.amazon.com/dp/X", "chan-20", "", false},
		{"unparsable refused", "https://www.amazon.com/%zz", "chan-20", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := withTag(tt.link, tt.tag)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("withTag(%q, %q) = %q, %v; want %q, %v", tt.link, tt.tag, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want Result
	}{
		{"nil body", "", Result{Items: []Item{}, Keyword: "k"}},
		{"null", "null", Result{Items: []Item{}, Keyword: "k"}},
		{"array", "[]", Result{Items: []Item{}, Keyword: "k"}},
		{"null SearchResult", `{"SearchResult":null}`, Result{Items: []Item{}, Keyword: "k"}},
		{"negative count", `{"SearchResult":{"TotalResultCount":-1}}`, Result{Items: []Item{}, Keyword: "k"}},
		{"items without links or with unsafe links dropped", `{"SearchResult":{"TotalResultCount":3,"Items":[
			{"ItemInfo":{"Title":{"DisplayValue":"no link"}}},
			{"DetailPageURL":"javascript:alert(1)"},
			null,
			{"DetailPageURL":"https://www.amazon.com/dp/OK"}]}}`,
			Result{SearchCount: ptr(3), Keyword: "k", Items: []Item{{ProductURL: "https://www.amazon.com/dp/OK?tag=t-20"}}}},
		{"unsafe image URLs are null", `{"SearchResult":{"Items":[{"DetailPageURL":"https://www.amazon.com/dp/I",
			"Images":{"Primary":{"Large":{"URL":"javascript:x"},"Medium":{"URL":""},"Small":{"URL":"https://m.media-amazon.com/s.jpg"}}}}]}}`,
			Result{Keyword: "k", Items: []Item{{ProductURL: "https://www.amazon.com/dp/I?tag=t-20",
				Images: &Images{Small: &ImageRef{URL: "https://m.media-amazon.com/s.jpg"}}}}}},
		{"no usable image is null images", `{"SearchResult":{"Items":[{"DetailPageURL":"https://www.amazon.com/dp/I","Images":{"Primary":{}}}]}}`,
			Result{Keyword: "k", Items: []Item{{ProductURL: "https://www.amazon.com/dp/I?tag=t-20"}}}},
		{"first listing only; blank price and merchant are null", `{"SearchResult":{"Items":[{"DetailPageURL":"https://www.amazon.com/dp/L",
			"Offers":{"Listings":[{"Price":{"DisplayAmount":""},"MerchantInfo":{"Name":""}},{"Price":{"DisplayAmount":"$1.00"},"MerchantInfo":{"Name":"Second"}}]}}]}}`,
			Result{Keyword: "k", Items: []Item{{ProductURL: "https://www.amazon.com/dp/L?tag=t-20"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := summarize([]byte(tt.body), "k", "t-20")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("summarize (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzSummarize feeds arbitrary answers to the mapper: it must not panic,
// must always answer a non-null item list, and must only hand out http(s)
// links carrying the tracking tag.
func FuzzSummarize(f *testing.F) {
	for _, name := range []string{"searchitems.json", "noresults.json", "throttled.json", "internalfailure.json", "corrupt.json"} {
		f.Add([]byte(readTestdata(f, name)))
	}
	f.Add([]byte(`{"SearchResult":{"TotalResultCount":1,"Items":[{"DetailPageURL":"https://www.amazon.com/dp/X?tag=a&tag=b#f"}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		res := summarize(body, "k", "t-20")
		if res.Items == nil {
			t.Fatal("nil items")
		}
		for _, it := range res.Items {
			if !isWebURL(it.ProductURL) || !strings.Contains(it.ProductURL, "tag=t-20") {
				t.Fatalf("productURL %q", it.ProductURL)
			}
			if it.Images != nil {
				for _, img := range []*ImageRef{it.Images.Large, it.Images.Medium, it.Images.Small} {
					if img != nil && !isWebURL(img.URL) {
						t.Fatalf("image URL %q", img.URL)
					}
				}
			}
		}
	})
}
