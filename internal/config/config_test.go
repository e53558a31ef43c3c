package config_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onair/onair/internal/config"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaultsAreValid(t *testing.T) {
	c := config.Default()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:8080" || c.RTMP.Addr != ":1935" || c.DataDir != "./data" || c.ChannelType != "BASIC" {
		t.Errorf("defaults: %+v", c)
	}
	for _, r := range []string{"api", "media", "realtime", "stage"} {
		if !c.HasRole(r) {
			t.Errorf("default roles lack %s", r)
		}
	}
}

func TestPrecedenceFileEnvFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "onair.yaml")
	os.WriteFile(file, []byte(`
dataDir: /from/file
channelType: STANDARD
http:
  addr: 127.0.0.1:9000
signUpAllowedDomains: [a.test, b.test]
accounts:
  unverifiedTTL: 72h
`), 0o644)
	c := config.Default()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	apply := c.Flags(fs)
	if err := fs.Parse([]string{"--http-addr", "127.0.0.1:9999", "--dev"}); err != nil {
		t.Fatal(err)
	}
	if err := c.LoadFile(file); err != nil {
		t.Fatal(err)
	}
	if err := c.ApplyEnv(env(map[string]string{
		"ONAIR_DATA_DIR": "/from/env", "ONAIR_HTTP_ADDR": "127.0.0.1:7000", "ONAIR_ALLOWED_ORIGINS": "https://a.test, https://b.test",
		"ONAIR_REDIS_URL": "redis://127.0.0.1:6379", "ONAIR_DATABASE_URL": "postgres://x@127.0.0.1/db",
	})); err != nil {
		t.Fatal(err)
	}
	if err := apply(); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	checks := map[string][2]string{
		"dataDir (env over file)":   {c.DataDir, "/from/env"},
		"http.addr (flag over env)": {c.HTTP.Addr, "127.0.0.1:9999"},
		"channelType (file)":        {c.ChannelType, "STANDARD"},
		"allowedOrigins (env list)": {strings.Join(c.AllowedOrigins, "|"), "https://a.test|https://b.test"},
		"signUpAllowedDomains":      {strings.Join(c.SignUpAllowedDomains, "|"), "a.test|b.test"},
		"redis.url":                 {c.Redis.URL, "redis://127.0.0.1:6379"},
		"database.url":              {c.Database.URL, "postgres://x@127.0.0.1/db"},
		"accounts.unverifiedTTL":    {c.Accounts.UnverifiedTTL.String(), (72 * time.Hour).String()},
		"rtmp.addr (default stays)": {c.RTMP.Addr, ":1935"},
	}
	for name, v := range checks {
		if v[0] != v[1] {
			t.Errorf("%s = %q, want %q", name, v[0], v[1])
		}
	}
	if !c.Dev {
		t.Error("--dev flag not applied")
	}
}

func TestInvalidConfigNamesTheKey(t *testing.T) {
	tests := []struct {
		name string
		edit func(*config.Config)
		key  string
	}{
		{"channel type", func(c *config.Config) { c.ChannelType = "ADVANCED_HD" }, "channelType"},
		{"http addr", func(c *config.Config) { c.HTTP.Addr = "8080" }, "http.addr"},
		{"rtmp addr", func(c *config.Config) { c.RTMP.Addr = "nope" }, "rtmp.addr"},
		{"database url", func(c *config.Config) { c.Database.URL = "mysql://x" }, "database.url"},
		{"redis url", func(c *config.Config) { c.Redis.URL = "127.0.0.1:6379" }, "redis.url"},
		{"origin", func(c *config.Config) { c.AllowedOrigins = []string{"example.com"} }, "allowedOrigins"},
		{"client base url", func(c *config.Config) { c.ClientBaseURL = "ftp://x" }, "clientBaseUrl"},
		{"role", func(c *config.Config) { c.Roles = []string{"api", "cdn"} }, "roles"},
		{"no roles", func(c *config.Config) { c.Roles = nil }, "roles"},
		{"smtp from", func(c *config.Config) { c.SMTP.Host = "mail.test" }, "smtp.from"},
		{"smtp tls", func(c *config.Config) { c.SMTP.TLS = "maybe" }, "smtp.tls"},
		{"log level", func(c *config.Config) { c.Log.Level = "loud" }, "log.level"},
		{"log retention", func(c *config.Config) { c.LogRetention = -1 }, "logRetention"},
		{"domain", func(c *config.Config) { c.SignUpAllowedDomains = []string{"user@x.test"} }, "signUpAllowedDomains"},
		{"ttl", func(c *config.Config) { c.Accounts.UnverifiedTTL = 0 }, "accounts.unverifiedTTL"},
		{"hls part", func(c *config.Config) { c.HLS.PartDuration = time.Millisecond }, "hls.partDuration"},
		{"hls segment", func(c *config.Config) { c.HLS.SegmentDuration = 100 * time.Millisecond }, "hls.segmentDuration"},
		{"hls segment count", func(c *config.Config) { c.HLS.SegmentCount = 3 }, "hls.segmentCount"},
		{"webrtc udp addr", func(c *config.Config) { c.WebRTC.UDPAddr = "8189" }, "webrtc.udpAddr"},
		{"webrtc tcp addr", func(c *config.Config) { c.WebRTC.TCPAddr = "tcp" }, "webrtc.tcpAddr"},
		{"webrtc public ip", func(c *config.Config) { c.WebRTC.PublicIPs = []string{"example.com"} }, "webrtc.publicIPs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := config.Default()
			tc.edit(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.key+":") {
				t.Errorf("Validate() = %v, want a message naming %s", err, tc.key)
			}
		})
	}
	// Several problems are all reported at once.
	c := config.Default()
	c.ChannelType, c.Log.Format = "X", "xml"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "channelType") || !strings.Contains(err.Error(), "log.format") {
		t.Errorf("Validate() = %v, want both keys", err)
	}
}

func TestBadSourcesNameTheKey(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "unknown.yaml")
	os.WriteFile(unknown, []byte("chanelType: BASIC\n"), 0o644)
	c := config.Default()
	if err := c.LoadFile(unknown); err == nil || !strings.Contains(err.Error(), "chanelType") {
		t.Errorf("unknown key: %v", err)
	}
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, nil, 0o644)
	if err := c.LoadFile(empty); err != nil {
		t.Errorf("empty file: %v", err)
	}
	c = config.Default()
	if err := c.ApplyEnv(env(map[string]string{"ONAIR_DEV": "maybe"})); err == nil || !strings.Contains(err.Error(), "ONAIR_DEV") {
		t.Errorf("bad bool env: %v", err)
	}
	if err := c.ApplyEnv(env(map[string]string{"ONAIR_LOG_RETENTION": "7d"})); err == nil || !strings.Contains(err.Error(), "logRetention") {
		t.Errorf("bad int env: %v", err)
	}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	apply := c.Flags(fs)
	fs.Parse([]string{"--unverified-ttl", "two days"})
	if err := apply(); err == nil || !strings.Contains(err.Error(), "accounts.unverifiedTTL") {
		t.Errorf("bad duration flag: %v", err)
	}
}

func TestReferenceListsEveryKey(t *testing.T) {
	ref := config.Reference()
	for _, k := range []string{"ONAIR_HTTP_ADDR", "ONAIR_RTMP_ADDR", "ONAIR_DATA_DIR", "ONAIR_DATABASE_URL", "ONAIR_REDIS_URL", "ONAIR_DEV",
		"allowedOrigins", "clientBaseUrl", "enableUserAutoVerify", "channelType", "signUpAllowedDomains", "logRetention",
		"enableAmazonProductStreamAction", "productApiLocale", "productLinkRegionCode", "roles", "smtp.host",
		"ONAIR_HLS_PART_DURATION", "ONAIR_HLS_SEGMENT_DURATION", "ONAIR_HLS_SEGMENT_COUNT",
		"ONAIR_WEBRTC_UDP_ADDR", "ONAIR_WEBRTC_TCP_ADDR", "ONAIR_WEBRTC_PUBLIC_IPS", "ONAIR_WEBRTC_FFMPEG"} {
		if !strings.Contains(ref, k) {
			t.Errorf("reference lacks %s", k)
		}
	}
}

// TestREADMEReferenceIsCurrent keeps the README's configuration table equal
// to the generated reference.
func TestREADMEReferenceIsCurrent(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "<!-- config-reference")
	end := strings.Index(readme, "<!-- /config-reference -->")
	if start < 0 || end < start {
		t.Fatal("README lacks the config-reference markers")
	}
	section := readme[start:end]
	section = section[strings.Index(section, "\n")+1:]
	if section != config.Reference() {
		t.Error("README configuration table is stale: regenerate it with `onair config`")
	}
}
