package product

import "strings"

// Marketplace is one Product Advertising API 5.0 locale: the API host to
// call, the AWS region its requests are signed for, and the store site that
// goes in a request's Marketplace field.
type Marketplace struct {
	// Locale is the name operators write in productApiLocale, e.g.
	// "United Kingdom".
	Locale string
	// Host is the API host, e.g. webservices.amazon.co.uk.
	Host string
	// Region is the SigV4 signing region, e.g. eu-west-1.
	Region string
	// Site is the PA-API Marketplace value, e.g. www.amazon.co.uk.
	Site string
}

// DefaultLocale is the marketplace used when productApiLocale is blank,
// misspelt or not supported (spec 3.5 and 13.2).
const DefaultLocale = "United States"

// marketplaces is the PA-API 5.0 locale reference: 21 locales.
var marketplaces = []Marketplace{
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

// Marketplaces returns the supported locales in alphabetical order.
func Marketplaces() []Marketplace {
	return append([]Marketplace(nil), marketplaces...)
}

// MarketplaceFor returns the marketplace of locale, matched without regard
// to case or surrounding spaces. A blank, misspelt or unsupported locale
// gets the United States marketplace and ok == false, so the caller can log
// that the configured locale was not used.
func MarketplaceFor(locale string) (m Marketplace, ok bool) {
	want := strings.TrimSpace(locale)
	var fallback Marketplace
	for _, m := range marketplaces {
		if strings.EqualFold(m.Locale, want) {
			return m, true
		}
		if m.Locale == DefaultLocale {
			fallback = m
		}
	}
	return fallback, false
}
