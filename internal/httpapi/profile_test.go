package httpapi_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/health"
)

// noisePNG encodes a w x h image of random pixels (incompressible, so the
// file is about 4*w*h bytes).
func noisePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = byte(r.UintN(256))
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func solidPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ {
		img.Set(i%w, i/w, color.NRGBA{R: 200, G: 80, B: 40, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fetch GETs an absolute URL without credentials.
func fetch(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestProfileImages(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	owner := srv.SignedIn(t, "painter")

	avatar := noisePNG(t, 550, 550)
	if n := len(avatar); n < 850_000 || n > 1_000_000 {
		t.Fatalf("test avatar is %d bytes, want about 0.9 MB", n)
	}
	p, err := owner.UploadAsset(ctx, "avatar", "image/png", avatar)
	if err != nil {
		t.Fatal(err)
	}
	first := p.ChannelAssetURLs["avatar"]
	if p.Avatar != channel.CustomAvatar || !strings.HasPrefix(first, srv.URL+"/files/") || !strings.HasSuffix(first, ".png") {
		t.Fatalf("after avatar upload: %+v", p)
	}
	resp := fetch(t, first)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" ||
		!strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("GET avatar: %d %v", resp.StatusCode, resp.Header)
	}
	img, format, err := image.Decode(bytes.NewReader(body))
	if err != nil || format != "png" || img.Bounds().Dx() != 512 {
		t.Fatalf("served avatar: %v %s %v", img.Bounds(), format, err)
	}

	// Everyone sees the custom avatar: the session, the own channel, the
	// public channel and chat messages.
	me, _ := owner.Session(ctx)
	own, _ := owner.OwnChannel(ctx)
	pub, _ := srv.Client().PublicChannel(ctx, "painter")
	for what, got := range map[string]map[string]string{"session": me.ChannelAssetURLs, "own channel": own.ChannelAssetURLs, "public": pub.ChannelAssetURLs} {
		if got["avatar"] != first {
			t.Errorf("%s avatar URL = %q, want %q", what, got["avatar"], first)
		}
	}
	if pub.Avatar != "custom" {
		t.Errorf("public avatar = %q", pub.Avatar)
	}
	if msg, err := owner.SendChat(ctx, own.ChannelID, "hello"); err != nil || msg.Sender.AvatarURL != first {
		t.Errorf("chat sender avatar = %q, %v; want %q", msg.Sender.AvatarURL, err, first)
	}

	// A new upload gets a new address; the old file goes.
	p, err = owner.UploadAsset(ctx, "avatar", "image/png", solidPNG(t, 2000, 1000))
	if err != nil {
		t.Fatal(err)
	}
	second := p.ChannelAssetURLs["avatar"]
	if second == first {
		t.Fatal("replacing the avatar kept its address")
	}
	if resp := fetch(t, first); resp.StatusCode != 404 {
		t.Errorf("replaced avatar still served: %d", resp.StatusCode)
	}
	if cfg, _, err := image.DecodeConfig(fetch(t, second).Body); err != nil || cfg.Width != 512 || cfg.Height != 256 {
		t.Errorf("large avatar stored as %dx%d (%v), want downscaled to 512x256", cfg.Width, cfg.Height, err)
	}

	banner, err := owner.UploadAsset(ctx, "banner", "image/png", solidPNG(t, 1600, 900))
	if err != nil || banner.ChannelAssetURLs["banner"] == "" || banner.Avatar != "custom" {
		t.Fatalf("banner upload: %+v, %v", banner, err)
	}

	refusals := []struct {
		name, assetType, contentType string
		data                         []byte
		status                       int
		code                         string
	}{
		{"avatar over 1 MB", "avatar", "image/png", make([]byte, 1_000_001), 400, "ImageTooLargeException"},
		{"banner over 5 MB", "banner", "image/png", make([]byte, 5_000_001), 400, "ImageTooLargeException"},
		{"text named as PNG", "avatar", "image/png", []byte("definitely not an image"), 400, "UnsupportedImageException"},
		{"GIF", "avatar", "image/gif", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), 400, "UnsupportedImageException"},
		{"declared as text", "avatar", "text/plain", solidPNG(t, 10, 10), 400, "UnsupportedImageException"},
		{"unknown asset type", "poster", "image/png", solidPNG(t, 10, 10), 400, "InvalidAssetTypeException"},
	}
	for _, tc := range refusals {
		_, err := owner.UploadAsset(ctx, tc.assetType, tc.contentType, tc.data)
		wantErr(t, tc.name, err, tc.status, tc.code)
		var e *apiclient.Error
		if asAPIError(err, &e) && (e.Message == "" || strings.Contains(e.Message, "multipart")) {
			t.Errorf("%s: message %q", tc.name, e.Message)
		}
	}
	if _, err := srv.Client().UploadAsset(ctx, "avatar", "image/png", solidPNG(t, 10, 10)); !apptest.IsCode(err, 401, "UnauthorizedException") {
		t.Errorf("signed-out upload: %v", err)
	}

	// Deleting the chosen avatar image falls back to a random preset.
	p, err = owner.DeleteAsset(ctx, "avatar")
	if err != nil || p.ChannelAssetURLs["avatar"] != "" || account.CheckAvatar(p.Avatar, false) != nil {
		t.Fatalf("after avatar delete: %+v, %v", p, err)
	}
	if resp := fetch(t, second); resp.StatusCode != 404 {
		t.Errorf("deleted avatar still served: %d", resp.StatusCode)
	}
	if _, err := owner.DeleteAsset(ctx, "avatar"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}

	// Account deletion removes the remaining files.
	bannerURL := banner.ChannelAssetURLs["banner"]
	if err := owner.DeleteAccount(ctx); err != nil {
		t.Fatal(err)
	}
	if resp := fetch(t, bannerURL); resp.StatusCode != 404 {
		t.Errorf("banner of a deleted account still served: %d", resp.StatusCode)
	}
}

func asAPIError(err error, e **apiclient.Error) bool {
	ae, ok := err.(*apiclient.Error)
	if ok {
		*e = ae
	}
	return ok
}

func TestPreferences(t *testing.T) {
	t.Parallel()
	srv := apptest.Start(t, apptest.Options{})
	c := srv.SignedIn(t, "chooser")
	p, err := c.UpdatePreferences(ctx, api.PreferencesRequest{Color: &api.PreferenceValue{Name: "turquoise"}, Avatar: &api.PreferenceValue{Name: "ibex"}})
	if err != nil || p.Color != "turquoise" || p.Avatar != "ibex" {
		t.Fatalf("update = %+v, %v", p, err)
	}
	p, err = c.UpdatePreferences(ctx, api.PreferencesRequest{Color: &api.PreferenceValue{Name: "yellow"}})
	if err != nil || p.Color != "yellow" || p.Avatar != "ibex" {
		t.Fatalf("colour only = %+v, %v", p, err)
	}
	if me, _ := c.Session(ctx); me.Color != "yellow" || me.Avatar != "ibex" {
		t.Errorf("session after update: %+v", me)
	}
	bad := []struct {
		name string
		req  api.PreferencesRequest
		code string
	}{
		{"nothing", api.PreferencesRequest{}, "ChangeUserPreferencesException"},
		{"empty name", api.PreferencesRequest{Color: &api.PreferenceValue{}}, "ChangeUserPreferencesException"},
		{"unknown colour", api.PreferencesRequest{Color: &api.PreferenceValue{Name: "red"}}, "InvalidParameterException"},
		{"unknown avatar", api.PreferencesRequest{Avatar: &api.PreferenceValue{Name: "dragon"}}, "InvalidParameterException"},
		{"custom without an upload", api.PreferencesRequest{Avatar: &api.PreferenceValue{Name: "custom"}}, "ChangeUserPreferencesException"},
	}
	for _, tc := range bad {
		_, err := c.UpdatePreferences(ctx, tc.req)
		wantErr(t, tc.name, err, 400, tc.code)
	}
	var raw map[string]any
	err = c.Do(ctx, "PUT", "/api/v1/channel/preferences/update", map[string]any{"banner": map[string]string{"name": "x"}}, &raw)
	wantErr(t, "unknown preference key", err, 400, "BadRequestException")
}

func TestFollowing(t *testing.T) {
	t.Parallel()
	for _, db := range testDatabases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, apptest.Options{DatabaseURL: db.url})
			viewer := srv.SignedIn(t, "viewer")
			if _, err := srv.Client().Following(ctx); !apptest.IsCode(err, 401, "UnauthorizedException") {
				t.Errorf("signed-out following list: %v", err)
			}
			ids := map[string]channel.ID{}
			for i := range 55 {
				name := fmt.Sprintf("chan%02d", i)
				u, err := srv.App.Accounts.Create(ctx, account.CreateInput{Username: name, Email: name + "@example.com", Password: apptest.Password, Verified: true})
				if err != nil {
					t.Fatal(err)
				}
				ch, err := srv.App.Channels.Ensure(ctx, u.ID)
				if err != nil {
					t.Fatal(err)
				}
				ids[name] = ch.ID
			}

			if st, err := viewer.Follow(ctx, "chan00"); err != nil || st != 200 {
				t.Fatalf("follow = %d, %v", st, err)
			}
			if st, err := viewer.Follow(ctx, "CHAN00"); err != nil || st != 204 {
				t.Fatalf("follow again = %d, %v (want 204)", st, err)
			}
			_, err := viewer.Follow(ctx, "")
			wantErr(t, "follow nobody", err, 400, "BadRequestException")
			_, err = viewer.Follow(ctx, "ghost_user")
			wantErr(t, "follow unknown", err, 404, "UserNotFoundException")
			_, err = viewer.Follow(ctx, "viewer")
			wantErr(t, "follow self", err, 400, "UnexpectedException")
			_, err = srv.Client().Follow(ctx, "chan00")
			wantErr(t, "follow signed out", err, 401, "UnauthorizedException")

			following := func(c *apiclient.Client, name string) *bool {
				t.Helper()
				p, err := c.PublicChannel(ctx, name)
				if err != nil {
					t.Fatal(err)
				}
				return p.IsViewerFollowing
			}
			if f := following(viewer, "chan00"); f == nil || !*f {
				t.Errorf("isViewerFollowing after follow = %v", f)
			}
			if f := following(srv.Client(), "chan00"); f != nil {
				t.Errorf("signed out isViewerFollowing = %v, want null", *f)
			}
			if f := following(viewer, "viewer"); f != nil {
				t.Errorf("own channel isViewerFollowing = %v, want null", *f)
			}
			if err := viewer.Unfollow(ctx, "chan00"); err != nil {
				t.Fatal(err)
			}
			if f := following(viewer, "chan00"); f == nil || *f {
				t.Errorf("isViewerFollowing after unfollow = %v", f)
			}

			// Follow all 55 in order, one millisecond apart so recency is
			// unambiguous, then put 3 of them live (chan10 last).
			for i := range 55 {
				if _, err := viewer.Follow(ctx, fmt.Sprintf("chan%02d", i)); err != nil {
					t.Fatal(err)
				}
				time.Sleep(2 * time.Millisecond)
			}
			start := time.Now()
			for i, name := range []string{"chan30", "chan02", "chan10"} {
				if _, err := srv.App.Health.Start(ctx, ids[name], start.Add(time.Duration(i)*time.Second), health.IngestConfiguration{}); err != nil {
					t.Fatal(err)
				}
			}
			list, err := viewer.Following(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"chan10*", "chan02*", "chan30*"}
			for i := 54; len(want) < 50; i-- {
				if name := fmt.Sprintf("chan%02d", i); name != "chan30" && name != "chan02" && name != "chan10" {
					want = append(want, name)
				}
			}
			if diff := cmp.Diff(want, cardNames(list.Channels)); diff != "" || list.MaxResults != 50 {
				t.Errorf("following list (maxResults %d) (-want +got):\n%s", list.MaxResults, diff)
			}

			// The directory: a filter is required; live channels newest first.
			var raw map[string]any
			err = srv.Client().Do(ctx, "GET", "/api/v1/channels", nil, &raw)
			wantErr(t, "directory without filter", err, 400, "BadRequestException")
			if e := (*apiclient.Error)(nil); asAPIError(err, &e) && e.Message != "Missing required filter, one of: isLive" {
				t.Errorf("missing filter message = %q", e.Message)
			}
			var none api.ChannelList
			if err := srv.Client().Do(ctx, "GET", "/api/v1/channels?isLive=false", nil, &none); err != nil || len(none.Channels) != 0 {
				t.Errorf("isLive=false = %+v, %v", none, err)
			}
			dir, err := srv.Client().LiveChannels(ctx)
			if err != nil || !cmp.Equal(cardNames(dir.Channels), []string{"chan10*", "chan02*", "chan30*"}) || dir.MaxResults != 50 {
				t.Errorf("directory = %v (max %d), %v", cardNames(dir.Channels), dir.MaxResults, err)
			}
		})
	}
}

func cardNames(cards []api.ChannelCard) []string {
	out := make([]string, len(cards))
	for i, c := range cards {
		out[i] = c.Username
		if c.IsLive {
			out[i] += "*"
		}
	}
	return out
}

type testDatabase struct{ name, url string }

// testDatabases is SQLite, and PostgreSQL when ONAIR_TEST_POSTGRES_URL is set.
func testDatabases(t *testing.T) []testDatabase {
	dbs := []testDatabase{{"sqlite", ""}}
	if url := apptest.PostgresURL(t); url != "" {
		dbs = append(dbs, testDatabase{"postgres", url})
	}
	return dbs
}
