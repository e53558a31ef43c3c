package product

import (
	"net/http"
	"testing"
	"time"
)

// The AWS Signature Version 4 test suite's example credentials and clock.
var (
	suiteSigner = signer{
		accessKey: "AKIDEXAMPLE",
		secretKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
		region:    "us-east-1",
		service:   "service",
	}
	suiteTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)
)

// TestSignerSuiteVectors checks the signer against the published vectors of
// the AWS SigV4 test suite. Its host is example.amazonaws.com; signing the
// same request for another host gives another signature.
func TestSignerSuiteVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  string
		want string
	}{
		{"get-vanilla", "https://example.amazonaws.com/",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
		{"get-vanilla-query-order-key-case", "https://example.amazonaws.com/?Param2=value2&Param1=value1",
			"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(http.MethodGet, tt.url, nil)
			if err != nil {
				t.Fatal(err)
			}
			suiteSigner.sign(req, nil, suiteTime)
			if got := req.Header.Get("X-Amz-Date"); got != "20150830T123600Z" {
				t.Errorf("X-Amz-Date = %q", got)
			}
			if got := req.Header.Get("Authorization"); got != tt.want {
				t.Errorf("Authorization\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestSignerGetVanillaSteps checks the intermediate steps of get-vanilla: the
// canonical request and the hash the string to sign carries.
func TestSignerGetVanillaSteps(t *testing.T) {
	t.Parallel()
	req, err := http.NewRequest(http.MethodGet, "https://example.amazonaws.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Amz-Date", "20150830T123600Z")
	creq, signed := canonicalRequest(req, nil)
	const want = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if creq != want {
		t.Errorf("canonical request\n got %q\nwant %q", creq, want)
	}
	if signed != "host;x-amz-date" {
		t.Errorf("signed headers = %q", signed)
	}
	if got := hexSHA256([]byte(creq)); got != "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63" {
		t.Errorf("canonical request hash = %s", got)
	}
}

func TestCanonicalValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"  a   b  "}, "a b"},
		{[]string{"x", " y "}, "x,y"},
		{[]string{"application/json; charset=utf-8"}, "application/json; charset=utf-8"},
	}
	for _, tt := range tests {
		if got := canonicalValue(tt.in); got != tt.want {
			t.Errorf("canonicalValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestURIEncode(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"AZaz09-_.~": "AZaz09-_.~",
		"a b":        "a%20b",
		"a+b=c&d/e":  "a%2Bb%3Dc%26d%2Fe",
		"é":          "%C3%A9",
	}
	for in, want := range tests {
		if got := uriEncode(in); got != want {
			t.Errorf("uriEncode(%q) = %q, want %q", in, got, want)
		}
	}
}
