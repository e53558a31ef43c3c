package product

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMarketplaces pins the PA-API 5.0 locale reference, entry by entry.
func TestMarketplaces(t *testing.T) {
	t.Parallel()
	want := []Marketplace{
		{"Australia", "webservices.amazon.com.au", "us-west-2", "www.amazon.com.au"},
		{"Belgium", "webservices.amazon.com.be", "eu-west-1", "www.amazon.com.be"},
		{"Brazil", "webservices.amazon.com.br", "us-east-1", "www.amazon.com.br"},
		{"Canada", "webservices.amazon.ca", "us-east-1", "www.amazon.ca"},
		{"Egypt", "webservices.amazon.eg", "eu-west-1", "www.amazon.eg"},
		{"France", "webservices.amazon.fr", "eu-west-1", "www.amazon.fr"},
		{"Germany", "webservices.amazon.de", "eu-west-1", "www.amazon.de"},
		{"India", "webservices.amazon.in", "eu-west-1", "www.amazon.in"},
		{"Italy", "webservices.amazon.it", "eu-west-1", "www.amazon.it"},
		{"Japan", "webservices.amazon.co.jp", "us-west-2", "www.amazon.co.jp"},
		{"Mexico", "webservices.amazon.com.mx", "us-east-1", "www.amazon.com.mx"},
		{"Netherlands", "webservices.amazon.nl", "eu-west-1", "www.amazon.nl"},
		{"Poland", "webservices.amazon.pl", "eu-west-1", "www.amazon.pl"},
		{"Saudi Arabia", "webservices.amazon.sa", "eu-west-1", "www.amazon.sa"},
		{"Singapore", "webservices.amazon.sg", "us-west-2", "www.amazon.sg"},
		{"Spain", "webservices.amazon.es", "eu-west-1", "www.amazon.es"},
		{"Sweden", "webservices.amazon.se", "eu-west-1", "www.amazon.se"},
		{"Turkey", "webservices.amazon.com.tr", "eu-west-1", "www.amazon.com.tr"},
		{"United Arab Emirates", "webservices.amazon.ae", "eu-west-1", "www.amazon.ae"},
		{"United Kingdom", "webservices.amazon.co.uk", "eu-west-1", "www.amazon.co.uk"},
		{"United States", "webservices.amazon.com", "us-east-1", "www.amazon.com"},
	}
	if diff := cmp.Diff(want, Marketplaces()); diff != "" {
		t.Errorf("Marketplaces() (-want +got):\n%s", diff)
	}
	for _, m := range want {
		got, ok := MarketplaceFor(m.Locale)
		if !ok || got != m {
			t.Errorf("MarketplaceFor(%q) = %v, %v", m.Locale, got, ok)
		}
	}
}

func TestMarketplaceFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		locale     string
		wantLocale string
		wantOK     bool
	}{
		{"", "United States", false},               // blank
		{"   ", "United States", false},            // blank after trimming
		{"Untied Kingdom", "United States", false}, // misspelt
		{"Atlantis", "United States", false},       // unsupported
		{"China", "United States", false},          // not a PA-API 5.0 locale
		{"UK", "United States", false},             // abbreviations are not names
		{"United  Kingdom", "United States", false},
		{"United Kingdom", "United Kingdom", true},
		{"  united kingdom ", "United Kingdom", true}, // case-insensitive, trimmed
		{"JAPAN", "Japan", true},
		{"saudi arabia", "Saudi Arabia", true},
		{"United States", "United States", true},
	}
	for _, tt := range tests {
		got, ok := MarketplaceFor(tt.locale)
		if got.Locale != tt.wantLocale || ok != tt.wantOK {
			t.Errorf("MarketplaceFor(%q) = %s, %v; want %s, %v", tt.locale, got.Locale, ok, tt.wantLocale, tt.wantOK)
		}
	}
	if us, _ := MarketplaceFor("nowhere"); us.Host != "webservices.amazon.com" || us.Region != "us-east-1" || us.Site != "www.amazon.com" {
		t.Errorf("fallback = %+v", us)
	}
}
