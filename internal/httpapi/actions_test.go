package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onair/onair/internal/api"
	"github.com/onair/onair/internal/apiclient"
	"github.com/onair/onair/internal/apptest"
	"github.com/onair/onair/internal/channel"
	"github.com/onair/onair/internal/config"
	"github.com/onair/onair/internal/health"
	"github.com/onair/onair/internal/realtime"
)

// testClock is the wall clock plus an offset the test moves forward, so
// expiries and poll ends happen without waiting for them.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())) }

func (c *testClock) Advance(d time.Duration) { c.offset.Add(int64(d)) }

// actionServer starts an app on clock (database url "" is SQLite).
func actionServer(t *testing.T, dbURL string, clock *testClock, configure func(*config.Config)) *apptest.Server {
	t.Helper()
	return apptest.Start(t, apptest.Options{DatabaseURL: dbURL, Now: clock.Now, Configure: configure})
}

// user is a signed-in client with its ids.
type user struct {
	*apiclient.Client
	me api.Me
}

func signUp(t *testing.T, srv *apptest.Server, name string) user {
	t.Helper()
	c := srv.SignedIn(t, name)
	me, err := c.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.OwnChannel(ctx); err != nil {
		t.Fatal(err)
	}
	me, err = c.Session(ctx)
	if err != nil || me.ChannelID == "" {
		t.Fatalf("session of %s = %+v, %v", name, me, err)
	}
	return user{Client: c, me: me}
}

// goLive opens a live stream session for u's channel, as ingest would.
func goLive(t *testing.T, srv *apptest.Server, clock *testClock, u user) health.Session {
	t.Helper()
	s, err := srv.App.Health.Start(ctx, channel.ID(u.me.ChannelID), clock.Now(), health.IngestConfiguration{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// channelEvent is a publication on channel:<id>, decoded strictly: the
// fields of each type are exactly those docs/realtime.md lists.
type channelEvent struct {
	Type      string            `json:"type"`
	ChannelID string            `json:"channelId"`
	Action    *api.StreamAction `json:"action"`
	Poll      *api.Poll         `json:"poll"`
	Time      time.Time         `json:"time"`
}

var eventKeys = map[string][]string{
	"streamAction": {"action", "channelId", "time", "type"},
	"pollVotes":    {"channelId", "poll", "time", "type"},
}

// nextEvent waits for the next publication of type typ on feed, skipping
// live status and viewer counts.
func nextEvent(t *testing.T, feed *apptest.Feed, typ string) channelEvent {
	t.Helper()
	deadline := time.Now().Add(apptest.Wait)
	for {
		p, ok := feed.TryNext(time.Until(deadline))
		if !ok {
			t.Fatalf("no %s event within %s", typ, apptest.Wait)
		}
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(p.Data, &keys); err != nil {
			t.Fatal(err)
		}
		var kind string
		json.Unmarshal(keys["type"], &kind)
		if kind == "liveStatus" || kind == "viewerCount" {
			continue
		}
		var e channelEvent
		dec := json.NewDecoder(bytes.NewReader(p.Data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			t.Fatalf("event %s: %v", p.Data, err)
		}
		got := slices.Sorted(func(yield func(string) bool) {
			for k := range keys {
				if !yield(k) {
					return
				}
			}
		})
		if !cmp.Equal(got, eventKeys[kind]) {
			t.Fatalf("event %s has keys %v, want %v", p.Data, got, eventKeys[kind])
		}
		if kind != typ {
			t.Fatalf("event %s, want a %s", p.Data, typ)
		}
		return e
	}
}

// js is compact JSON of v (test data).
func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

type obj = map[string]any

func quizData(edit func(obj)) json.RawMessage {
	d := obj{"question": "What is the capital of Canada?", "answers": []string{"Vancouver", "Ottawa", "Calgary"}, "correctAnswerIndex": 1, "duration": 15}
	if edit != nil {
		edit(d)
	}
	return js(d)
}

func pollData(edit func(obj)) json.RawMessage {
	d := obj{"question": "Best snack?", "answers": []string{"Chips", "Fruit"}, "duration": 15}
	if edit != nil {
		edit(d)
	}
	return js(d)
}

func productData(edit func(obj)) json.RawMessage {
	d := obj{"title": "Onair mug", "price": "$12", "imageUrl": "https://example.com/mug.png", "description": "A mug."}
	if edit != nil {
		edit(d)
	}
	return js(d)
}

func noticeData(edit func(obj)) json.RawMessage {
	d := obj{"title": "Heads up", "message": "Giveaway at 8 PM", "duration": 15}
	if edit != nil {
		edit(d)
	}
	return js(d)
}

func amazonData(edit func(obj)) json.RawMessage {
	d := obj{"title": "Echo Dot", "productURL": "https://www.amazon.com/dp/B09B8V1LZ3?tag=onair-20",
		"price":  obj{"displayAmount": "$49.99"},
		"images": obj{"large": obj{"url": "https://m.media-amazon.com/images/I/1.jpg"}, "medium": nil, "small": nil}, "merchantInfo": "Amazon.com"}
	if edit != nil {
		edit(d)
	}
	return js(d)
}

func answers(n, size int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%d", i) + strings.Repeat("a", size-1)
	}
	return out
}

func TestStreamActionValidation(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	secrets := filepath.Join(t.TempDir(), "paapi.json")
	if err := os.WriteFile(secrets, []byte(`{"accessKey":"AKIDONAIR","secretKey":"secret","partnerTag":"onair-21"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := actionServer(t, "", clock, func(c *config.Config) {
		c.EnableAmazonProductStreamAction = true
		c.ProductAPISecretsFile = secrets
	})
	owner := signUp(t, srv, "streamer")
	goLive(t, srv, clock, owner)

	const (
		tooLong  = "Maximum length exceeded."
		required = "This field is required."
	)
	set := func(k string, v any) func(obj) { return func(d obj) { d[k] = v } }
	del := func(k string) func(obj) { return func(d obj) { delete(d, k) } }
	tests := []struct {
		name   string
		action string
		data   json.RawMessage
		field  string // "" when accepted
		msg    string
	}{
		// quiz: question <= 256, 3-5 answers each <= 128 and unique, a correct answer, 5-30 s.
		{"quiz question 256", "quiz", quizData(set("question", strings.Repeat("q", 256))), "", ""},
		{"quiz question 256 code points", "quiz", quizData(set("question", strings.Repeat("é", 256))), "", ""},
		{"quiz question 257", "quiz", quizData(set("question", strings.Repeat("q", 257))), "question", tooLong},
		{"quiz question 257 code points", "quiz", quizData(set("question", strings.Repeat("é", 257))), "question", tooLong},
		{"quiz question missing", "quiz", quizData(del("question")), "question", required},
		{"quiz question blank", "quiz", quizData(set("question", "   ")), "question", required},
		{"quiz 3 answers", "quiz", quizData(set("answers", answers(3, 10))), "", ""},
		{"quiz 5 answers", "quiz", quizData(set("answers", answers(5, 10))), "", ""},
		{"quiz 2 answers", "quiz", quizData(func(d obj) { d["answers"], d["correctAnswerIndex"] = answers(2, 10), 0 }), "answers", "Add 3 to 5 answers."},
		{"quiz 6 answers", "quiz", quizData(set("answers", answers(6, 10))), "answers", "Add 3 to 5 answers."},
		{"quiz answer 128", "quiz", quizData(set("answers", []string{"a", strings.Repeat("b", 128), "c"})), "", ""},
		{"quiz answer 129", "quiz", quizData(set("answers", []string{"a", strings.Repeat("b", 129), "c"})), "answers.1", tooLong},
		{"quiz answer empty", "quiz", quizData(set("answers", []string{"a", "b", ""})), "answers.2", required},
		{"quiz answers repeat", "quiz", quizData(set("answers", []string{"Ottawa", "Paris", " ottawa"})), "answers.2", "Enter a unique answer."},
		{"quiz answers missing", "quiz", quizData(del("answers")), "answers", required},
		{"quiz correct answer last", "quiz", quizData(set("correctAnswerIndex", 2)), "", ""},
		{"quiz correct answer past the end", "quiz", quizData(set("correctAnswerIndex", 3)), "correctAnswerIndex", "Select a correct answer."},
		{"quiz correct answer negative", "quiz", quizData(set("correctAnswerIndex", -1)), "correctAnswerIndex", "Select a correct answer."},
		{"quiz correct answer missing", "quiz", quizData(del("correctAnswerIndex")), "correctAnswerIndex", "Select a correct answer."},
		{"quiz duration 5", "quiz", quizData(set("duration", 5)), "", ""},
		{"quiz duration 4", "quiz", quizData(set("duration", 4)), "duration", "Enter a duration from 5 to 30 seconds."},
		{"quiz duration 30", "quiz", quizData(set("duration", 30)), "", ""},
		{"quiz duration 31", "quiz", quizData(set("duration", 31)), "duration", "Enter a duration from 5 to 30 seconds."},
		{"quiz duration missing", "quiz", quizData(del("duration")), "duration", required},
		{"quiz duration fraction", "quiz", quizData(set("duration", 15.5)), "duration", "Enter a whole number."},
		{"quiz question a number", "quiz", quizData(set("question", 7)), "question", "Enter text."},
		{"quiz unknown field", "quiz", quizData(set("hint", "x")), "hint", "Unknown field."},

		// poll: question <= 256, 2-5 options each <= 40 and unique, 10-120 s.
		{"poll question 256", "poll", pollData(set("question", strings.Repeat("q", 256))), "", ""},
		{"poll question 257", "poll", pollData(set("question", strings.Repeat("q", 257))), "question", tooLong},
		{"poll 2 options", "poll", pollData(set("answers", answers(2, 5))), "", ""},
		{"poll 5 options", "poll", pollData(set("answers", answers(5, 5))), "", ""},
		{"poll 1 option", "poll", pollData(set("answers", answers(1, 5))), "answers", "Add 2 to 5 options."},
		{"poll 6 options", "poll", pollData(set("answers", answers(6, 5))), "answers", "Add 2 to 5 options."},
		{"poll option 40", "poll", pollData(set("answers", []string{strings.Repeat("x", 40), "y"})), "", ""},
		{"poll option 41", "poll", pollData(set("answers", []string{strings.Repeat("x", 41), "y"})), "answers.0", tooLong},
		{"poll option empty", "poll", pollData(set("answers", []string{"x", ""})), "answers.1", required},
		{"poll options repeat", "poll", pollData(set("answers", []string{"Yes", "YES"})), "answers.1", "Enter a unique option."},
		{"poll duration 10", "poll", pollData(set("duration", 10)), "", ""},
		{"poll duration 9", "poll", pollData(set("duration", 9)), "duration", "Enter a duration from 10 to 120 seconds."},
		{"poll duration 120", "poll", pollData(set("duration", 120)), "", ""},
		{"poll duration 121", "poll", pollData(set("duration", 121)), "duration", "Enter a duration from 10 to 120 seconds."},

		// product: title <= 32, price <= 10, imageUrl a URL <= 256, description <= 256, all required.
		{"product at every limit", "product", productData(func(d obj) {
			d["title"], d["price"], d["description"] = strings.Repeat("t", 32), strings.Repeat("9", 10), strings.Repeat("d", 256)
			d["imageUrl"] = "https://example.com/" + strings.Repeat("i", 256-len("https://example.com/"))
		}), "", ""},
		{"product title 33", "product", productData(set("title", strings.Repeat("t", 33))), "title", tooLong},
		{"product price 11", "product", productData(set("price", strings.Repeat("9", 11))), "price", tooLong},
		{"product image URL 257", "product", productData(set("imageUrl", "https://example.com/"+strings.Repeat("i", 257-len("https://example.com/")))), "imageUrl", tooLong},
		{"product description 257", "product", productData(set("description", strings.Repeat("d", 257))), "description", tooLong},
		{"product image URL not a URL", "product", productData(set("imageUrl", "mug.png")), "imageUrl", "Enter a valid URL."},
		{"product image URL javascript", "product", productData(set("imageUrl", "javascript:alert(1)")), "imageUrl", "Enter a valid URL."},
		{"product image URL http", "product", productData(set("imageUrl", "http://example.com/mug.png")), "", ""},
		{"product title missing", "product", productData(del("title")), "title", required},
		{"product price empty", "product", productData(set("price", "")), "price", required},
		{"product description missing", "product", productData(del("description")), "description", required},

		// notice: title <= 24, message <= 256, 5-30 s.
		{"notice title 24 message 256", "notice", noticeData(func(d obj) { d["title"], d["message"] = strings.Repeat("t", 24), strings.Repeat("m", 256) }), "", ""},
		{"notice title 25", "notice", noticeData(set("title", strings.Repeat("t", 25))), "title", tooLong},
		{"notice message 257", "notice", noticeData(set("message", strings.Repeat("m", 257))), "message", tooLong},
		{"notice message missing", "notice", noticeData(del("message")), "message", required},
		{"notice duration 5", "notice", noticeData(set("duration", 5)), "", ""},
		{"notice duration 4", "notice", noticeData(set("duration", 4)), "duration", "Enter a duration from 5 to 30 seconds."},
		{"notice duration 30", "notice", noticeData(set("duration", 30)), "", ""},
		{"notice duration 31", "notice", noticeData(set("duration", 31)), "duration", "Enter a duration from 5 to 30 seconds."},

		// celebration: 10 s, fixed.
		{"celebration 10", "celebration", js(obj{"duration": 10}), "", ""},
		{"celebration without duration", "celebration", js(obj{}), "", ""},
		{"celebration without data", "celebration", nil, "", ""},
		{"celebration 11", "celebration", js(obj{"duration": 11}), "duration", "A celebration lasts 10 seconds."},
		{"celebration 9", "celebration", js(obj{"duration": 9}), "duration", "A celebration lasts 10 seconds."},

		// amazon_product: title <= 200, an https URL on an Amazon store; price and images optional.
		{"amazon product", "amazon_product", amazonData(nil), "", ""},
		{"amazon product title 200", "amazon_product", amazonData(set("title", strings.Repeat("t", 200))), "", ""},
		{"amazon product title 201", "amazon_product", amazonData(set("title", strings.Repeat("t", 201))), "title", tooLong},
		{"amazon product without price and images", "amazon_product", amazonData(func(d obj) { delete(d, "price"); d["images"] = nil; delete(d, "merchantInfo") }), "", ""},
		{"amazon product on another store", "amazon_product", amazonData(set("productURL", "https://www.amazon.co.uk/dp/B0")), "", ""},
		{"amazon product http", "amazon_product", amazonData(set("productURL", "http://www.amazon.com/dp/B0")), "productURL", "Enter the address of a product on an Amazon store."},
		{"amazon product look-alike host", "amazon_product", amazonData(set("productURL", "https://www.amazon.com.example.io/dp/B0")), "productURL", "Enter the address of a product on an Amazon store."},
		{"amazon product elsewhere", "amazon_product", amazonData(set("productURL", "https://example.com/dp/B0")), "productURL", "Enter the address of a product on an Amazon store."},
		{"amazon product URL missing", "amazon_product", amazonData(del("productURL")), "productURL", required},
		{"amazon product image not a URL", "amazon_product", amazonData(set("images", obj{"small": obj{"url": "x"}})), "images.small.url", "Enter a valid URL."},
		{"amazon product unknown field", "amazon_product", amazonData(set("asin", "B0")), "asin", "Unknown field."},

		{"unknown action", "confetti", js(obj{}), "name", "Choose one of quiz, celebration, notice, poll, product, amazon_product."},
		{"data not an object", "notice", json.RawMessage(`["Heads up"]`), "data", "Send the action's fields as a JSON object."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			clock.Advance(time.Second) // a fresh send allowance per case
			a, err := owner.SendStreamAction(ctx, tc.action, tc.data)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if a.Name != tc.action || a.ID == "" || !json.Valid(a.Data) {
					t.Fatalf("accepted as %+v", a)
				}
				return
			}
			wantErr(t, "send", err, 400, "TimedMetadataValidationException")
			var e *apiclient.Error
			if asErr(err, &e) && e.Fields[tc.field] != tc.msg {
				t.Errorf("fields %v, want %s: %q", e.Fields, tc.field, tc.msg)
			}
		})
	}

	t.Run("1 KB budget", func(t *testing.T) {
		// A notice whose request is exactly n bytes: the message takes up the
		// rest with 4-byte code points (each counts once toward its 256).
		body := func(n int) json.RawMessage {
			head, tail := `{"name":"notice","data":{"title":"Big","duration":15,"message":"`, `"}}`
			rest := n - len(head) - len(tail)
			msg := strings.Repeat("🎉", rest/4) + strings.Repeat("x", rest%4)
			if c := len([]rune(msg)); c > 256 {
				t.Fatalf("message of %d code points", c)
			}
			return json.RawMessage(head + msg + tail)
		}
		send := func(b json.RawMessage) error {
			clock.Advance(time.Second)
			return owner.Do(ctx, "POST", "/api/v1/channel/actions/send", b, &api.StreamAction{})
		}
		if b := body(1024); len(b) != 1024 {
			t.Fatalf("body of %d bytes", len(b))
		} else if err := send(b); err != nil {
			t.Errorf("1024 bytes refused: %v", err)
		}
		err := send(body(1025))
		wantErr(t, "1025 bytes", err, 400, "TimedMetadataValidationException")
		if e := (*apiclient.Error)(nil); asErr(err, &e) && e.Message != "The stream action is larger than 1 KB." {
			t.Errorf("message = %q", e.Message)
		}
		// Past the 4 KB the server reads at all: the same answer.
		huge := json.RawMessage(`{"name":"notice","data":{"message":"` + strings.Repeat("m", 5000) + `"}}`)
		wantErr(t, "5 KB", send(huge), 400, "TimedMetadataValidationException")
		// Whitespace is not part of the action: a pretty-printed 1024 goes.
		var pretty bytes.Buffer
		json.Indent(&pretty, body(1024), "", "    ")
		resp := rawPost(t, srv.URL+"/api/v1/channel/actions/send", owner, pretty.Bytes())
		if resp.StatusCode != 200 {
			t.Errorf("indented 1024-byte action: %d", resp.StatusCode)
		}
	})
}

// rawPost sends body exactly as given with u's session.
func rawPost(t *testing.T, url string, u user, body []byte) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: "onair_session", Value: u.SessionToken()})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestStreamActionAccess: who may do what. Owner routes act on the
// caller's own channel, so nobody reaches another's; sending needs the
// channel live.
func TestStreamActionAccess(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv := actionServer(t, "", clock, nil)
	owner, other := signUp(t, srv, "streamer"), signUp(t, srv, "mallory")
	anon := srv.Client()
	celebrate := js(obj{"duration": 10})

	t.Run("signed out", func(t *testing.T) {
		calls := []struct {
			name string
			do   func() error
		}{
			{"send", func() error { _, err := anon.SendStreamAction(ctx, "celebration", celebrate); return err }},
			{"active", func() error { _, err := anon.ActiveStreamAction(ctx); return err }},
			{"stop", func() error { return anon.StopStreamAction(ctx) }},
			{"forms", func() error { _, err := anon.StreamActionForms(ctx); return err }},
			{"save form", func() error { return anon.SaveStreamActionForm(ctx, "quiz", json.RawMessage(`{}`)) }},
			{"vote", func() error { _, err := anon.Vote(ctx, owner.me.ChannelID, "p", 0); return err }},
		}
		for _, c := range calls {
			wantErr(t, c.name, c.do(), 401, "UnauthorizedException")
		}
	})

	// Offline: refused with the text the stream manager shows.
	_, err := owner.SendStreamAction(ctx, "celebration", celebrate)
	wantErr(t, "send offline", err, 409, "ChannelNotBroadcastingException")
	if e := (*apiclient.Error)(nil); asErr(err, &e) && e.Message != "Unable to start stream action" {
		t.Errorf("offline message = %q", e.Message)
	}
	if a, err := owner.ActiveStreamAction(ctx); err != nil || a != nil {
		t.Fatalf("active while offline = %+v, %v", a, err)
	}

	session := goLive(t, srv, clock, owner)
	// The Amazon action is off unless enabled.
	_, err = owner.SendStreamAction(ctx, "amazon_product", amazonData(nil))
	wantErr(t, "amazon product while disabled", err, 400, "AmazonProductStreamActionDisabledException")
	sent, err := owner.SendStreamAction(ctx, "product", productData(nil))
	if err != nil {
		t.Fatal(err)
	}

	// Another user: their routes are about their own channel, which is offline.
	_, err = other.SendStreamAction(ctx, "celebration", celebrate)
	wantErr(t, "other user's send", err, 409, "ChannelNotBroadcastingException")
	if err := other.StopStreamAction(ctx); err != nil {
		t.Fatalf("other user's stop: %v", err)
	}
	if a, err := other.ActiveStreamAction(ctx); err != nil || a != nil {
		t.Fatalf("other user's active = %+v, %v", a, err)
	}
	// ... and live, they change only their own.
	goLive(t, srv, clock, other)
	if _, err := other.SendStreamAction(ctx, "celebration", celebrate); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*apiclient.Client{owner.Client, other.Client, anon} {
		p, err := c.PublicChannel(ctx, "streamer")
		if err != nil || p.ActiveAction == nil || p.ActiveAction.ID != sent.ID {
			t.Fatalf("owner's channel after the other user's calls: %+v, %v", p.ActiveAction, err)
		}
	}
	if a, err := owner.ActiveStreamAction(ctx); err != nil || a == nil || a.ID != sent.ID {
		t.Fatalf("owner's active = %+v, %v", a, err)
	}

	// The stream's end takes the action with it, even without the media
	// engine's hook (reads check the session), and a new session starts clean.
	if err := srv.App.Health.End(ctx, session.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if a, err := owner.ActiveStreamAction(ctx); err != nil || a != nil {
		t.Fatalf("active after the stream ended = %+v, %v", a, err)
	}
	goLive(t, srv, clock, owner)
	if p, err := anon.PublicChannel(ctx, "streamer"); err != nil || !p.IsLive || p.ActiveAction != nil {
		t.Fatalf("next session: live %v, action %+v, %v", p.IsLive, p.ActiveAction, err)
	}
}

// TestOneActiveAction: sending replaces, stopping clears, timed actions
// expire; viewers get each change on the channel's event stream and late
// joiners the action running now.
func TestOneActiveAction(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv := actionServer(t, "", clock, nil)
	owner, viewer := signUp(t, srv, "streamer"), signUp(t, srv, "viewer")
	feed := srv.Realtime(t, nil).Subscribe(realtime.ChannelEvents(owner.me.ChannelID))
	feed.Subscribed()
	goLive(t, srv, clock, owner)

	// active is what the owner, a viewer and a signed-out late joiner get.
	active := func(t *testing.T) []*api.StreamAction {
		t.Helper()
		own, err := owner.ActiveStreamAction(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := []*api.StreamAction{own}
		for _, c := range []*apiclient.Client{viewer.Client, srv.Client()} {
			p, err := c.PublicChannel(ctx, "streamer")
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.ActiveAction)
		}
		return out
	}
	wantActive := func(t *testing.T, want *api.StreamAction) {
		t.Helper()
		for i, got := range active(t) {
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reader %d (-want +got):\n%s", i, diff)
			}
		}
	}

	before := clock.Now().Truncate(time.Millisecond)
	notice, err := owner.SendStreamAction(ctx, "notice", noticeData(nil))
	if err != nil {
		t.Fatal(err)
	}
	if notice.StartTime.Before(before) || notice.Expiry == nil || !notice.Expiry.Equal(notice.StartTime.Add(15*time.Second)) ||
		notice.StartTime.Location() != time.UTC || notice.StartTime.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("notice times: start %v, expiry %v", notice.StartTime, notice.Expiry)
	}
	e := nextEvent(t, feed, "streamAction")
	if e.ChannelID != owner.me.ChannelID || !cmp.Equal(e.Action, &notice) {
		t.Errorf("published %+v, want %+v", e, notice)
	}
	wantActive(t, &notice)

	t.Run("replace", func(t *testing.T) {
		product, err := owner.SendStreamAction(ctx, "product", productData(nil))
		if err != nil {
			t.Fatal(err)
		}
		if product.Expiry != nil {
			t.Errorf("product expiry = %v, want null", product.Expiry)
		}
		if e := nextEvent(t, feed, "streamAction"); !cmp.Equal(e.Action, &product) {
			t.Errorf("published %+v", e.Action)
		}
		wantActive(t, &product)
		// A product runs until stopped.
		clock.Advance(time.Hour)
		wantActive(t, &product)
	})

	t.Run("stop", func(t *testing.T) {
		if err := owner.StopStreamAction(ctx); err != nil {
			t.Fatal(err)
		}
		if e := nextEvent(t, feed, "streamAction"); e.Action != nil {
			t.Errorf("stop published %+v, want null", e.Action)
		}
		wantActive(t, nil)
		// Stopping again changes nothing and publishes nothing: the next
		// event is the next action.
		if err := owner.StopStreamAction(ctx); err != nil {
			t.Fatal(err)
		}
		c, err := owner.SendStreamAction(ctx, "celebration", nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := nextEvent(t, feed, "streamAction"); e.Action == nil || e.Action.ID != c.ID || string(e.Action.Data) != `{"duration":10}` {
			t.Errorf("after a second stop: %+v", e.Action)
		}
	})

	t.Run("expiry", func(t *testing.T) {
		tests := []struct {
			action string
			data   json.RawMessage
			lasts  time.Duration
		}{
			{"notice", noticeData(func(d obj) { d["duration"] = 5 }), 5 * time.Second},
			{"quiz", quizData(func(d obj) { d["duration"] = 5 }), 7 * time.Second}, // 2 s for the last answers
			{"celebration", nil, 10 * time.Second},
		}
		for _, tc := range tests {
			a, err := owner.SendStreamAction(ctx, tc.action, tc.data)
			if err != nil {
				t.Fatal(err)
			}
			nextEvent(t, feed, "streamAction")
			if a.Expiry == nil || a.Expiry.Sub(a.StartTime) != tc.lasts {
				t.Errorf("%s: expiry %v after %v, want %v", tc.action, a.Expiry, a.StartTime, tc.lasts)
			}
			clock.Advance(tc.lasts - 500*time.Millisecond) // the requests take real time too
			if got := active(t); got[0] == nil || got[2] == nil || got[0].ID != a.ID {
				t.Errorf("%s just before its expiry: %+v", tc.action, got[0])
			}
			clock.Advance(500 * time.Millisecond)
			wantActive(t, nil)
		}
	})

	t.Run("banned viewer sees none", func(t *testing.T) {
		if _, err := owner.SendStreamAction(ctx, "product", productData(nil)); err != nil {
			t.Fatal(err)
		}
		if err := owner.Ban(ctx, owner.me.ChannelID, viewer.me.ID); err != nil {
			t.Fatal(err)
		}
		p, err := viewer.PublicChannel(ctx, "streamer")
		if err != nil || !p.IsViewerBanned || p.IsLive || p.ActiveAction != nil {
			t.Errorf("banned viewer: banned %v live %v action %+v, %v", p.IsViewerBanned, p.IsLive, p.ActiveAction, err)
		}
		var raw map[string]json.RawMessage
		if err := viewer.Do(ctx, "GET", "/api/v1/channels/streamer", nil, &raw); err != nil || string(raw["activeAction"]) != "null" {
			t.Errorf("activeAction = %s, %v; want null", raw["activeAction"], err)
		}
	})
}

// TestStreamActionRate: a channel may send at least 5 actions a second;
// a runaway client is stopped.
func TestStreamActionRate(t *testing.T) {
	t.Parallel()
	clock := &testClock{}
	srv := actionServer(t, "", clock, nil)
	owner := signUp(t, srv, "streamer")
	goLive(t, srv, clock, owner)
	for i := range 25 { // 5 a second for 5 s
		if _, err := owner.SendStreamAction(ctx, "celebration", nil); err != nil {
			t.Fatalf("send %d at 5/s: %v", i, err)
		}
		clock.Advance(200 * time.Millisecond)
	}
	var limited int
	for range 30 { // all at once
		_, err := owner.SendStreamAction(ctx, "celebration", nil)
		switch {
		case err == nil:
		case apptest.IsCode(err, 429, "StreamActionRateExceededException"):
			limited++
		default:
			t.Fatal(err)
		}
	}
	if limited == 0 {
		t.Error("30 sends in an instant were all accepted")
	}
}

func TestStreamActionForms(t *testing.T) {
	t.Parallel()
	for _, db := range testDatabases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			srv := apptest.Start(t, apptest.Options{DatabaseURL: db.url})
			owner, other := signUp(t, srv, "streamer"), signUp(t, srv, "other")
			if forms, err := owner.StreamActionForms(ctx); err != nil || forms == nil || len(forms) != 0 {
				t.Fatalf("no forms yet = %v, %v (want {})", forms, err)
			}
			// Drafts: the send rules do not apply (an over-long question, an
			// empty answer), only shape and size.
			quiz := json.RawMessage(`{"question":"` + strings.Repeat("q", 300) + `","answers":["Vancouver","",""],"correctAnswerIndex":1,"duration":25}`)
			poll := json.RawMessage(`{ "question": "", "answers": ["", ""], "duration": 15 }`)
			amazon := json.RawMessage(`{"selectedProductIndex":0,"selectedSortCategory":"Relevance","keyword":"","productChoice":{},"productOptions":[],"productPageNumber":1}`)
			for name, form := range map[string]json.RawMessage{"quiz": quiz, "poll": poll, "amazon_product": amazon} {
				if err := owner.SaveStreamActionForm(ctx, name, form); err != nil {
					t.Fatalf("save %s: %v", name, err)
				}
			}
			quiz = json.RawMessage(`{"question":"What is the capital of Canada?","answers":["Vancouver","Ottawa","Calgary"],"correctAnswerIndex":1,"duration":25}`)
			if err := owner.SaveStreamActionForm(ctx, "quiz", quiz); err != nil {
				t.Fatal(err)
			}
			want := map[string]json.RawMessage{"quiz": quiz, "poll": json.RawMessage(`{"question":"","answers":["",""],"duration":15}`), "amazon_product": amazon}
			// Another device of the same user sees the same forms.
			device := srv.Client()
			if _, err := device.SignIn(ctx, "streamer", apptest.Password); err != nil {
				t.Fatal(err)
			}
			if forms, err := device.StreamActionForms(ctx); err != nil || !cmp.Equal(forms, want) {
				t.Errorf("forms = %s, %v", forms, err)
			}
			if forms, err := other.StreamActionForms(ctx); err != nil || len(forms) != 0 {
				t.Errorf("another user's forms = %s, %v", forms, err)
			}

			tests := []struct {
				name, action string
				body         string
				msg          string
			}{
				{"unknown action", "confetti", `{}`, "Forms are saved for quiz, poll, product, notice, celebration and amazon_product."},
				{"a list", "quiz", `[1,2]`, "Send the form as a JSON object."},
				{"a string", "quiz", `"quiz"`, "Send the form as a JSON object."},
				{"not JSON", "quiz", `{"question":`, "Send the form as a JSON object."},
				{"two objects", "quiz", `{}{}`, "Send the form as a JSON object."},
				{"over 4 KB", "notice", `{"message":"` + strings.Repeat("m", 4<<10) + `"}`, "The saved form is larger than 4 KB."},
			}
			for _, tc := range tests {
				err := owner.SaveStreamActionForm(ctx, tc.action, json.RawMessage(tc.body))
				wantErr(t, tc.name, err, 400, "InvalidParameterException")
				if e := (*apiclient.Error)(nil); asErr(err, &e) && e.Message != tc.msg {
					t.Errorf("%s: message %q, want %q", tc.name, e.Message, tc.msg)
				}
			}
			if forms, _ := owner.StreamActionForms(ctx); !cmp.Equal(forms, want) {
				t.Errorf("refused saves changed the forms: %s", forms)
			}
		})
	}
}

// TestActiveActionSharedByNodes: two nodes on one database answer the
// same active action, tally and stop, whichever one the request reaches.
func TestActiveActionSharedByNodes(t *testing.T) {
	t.Parallel()
	db := apptest.PostgresURL(t)
	if db == "" {
		db = "sqlite:" + filepath.Join(t.TempDir(), "shared.db")
	}
	clock := &testClock{}
	a, b := actionServer(t, db, clock, nil), actionServer(t, db, clock, nil)
	owner, voter := signUp(t, a, "streamer"), signUp(t, a, "voter")
	goLive(t, a, clock, owner)
	onB := b.Client()
	if _, err := onB.SignIn(ctx, "streamer", apptest.Password); err != nil {
		t.Fatal(err)
	}
	voterOnB := b.Client()
	if _, err := voterOnB.SignIn(ctx, "voter", apptest.Password); err != nil {
		t.Fatal(err)
	}

	poll, err := owner.SendStreamAction(ctx, "poll", pollData(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := onB.ActiveStreamAction(ctx); err != nil || got == nil || got.ID != poll.ID {
		t.Fatalf("node B's active = %+v, %v", got, err)
	}
	if _, err := voterOnB.Vote(ctx, owner.me.ChannelID, poll.ID, 1); err != nil {
		t.Fatal(err)
	}
	_, err = voter.Vote(ctx, owner.me.ChannelID, poll.ID, 0)
	wantErr(t, "same voter through node A", err, 409, "PollAlreadyVotedException")
	if got, _ := owner.ActiveStreamAction(ctx); got == nil || got.Poll == nil || got.Poll.Options[1].Count != 1 || got.Poll.TotalVotes != 1 {
		t.Fatalf("node A's tally = %+v", got)
	}
	// Stopped through B: A shows the results, then nothing once they are over.
	if err := onB.StopStreamAction(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := owner.ActiveStreamAction(ctx); got == nil || got.Poll == nil || !got.Poll.Ended {
		t.Fatalf("node A after B stopped the poll: %+v", got)
	}
	clock.Advance(10 * time.Second)
	if got, err := owner.ActiveStreamAction(ctx); err != nil || got != nil {
		t.Fatalf("node A after the results: %+v, %v", got, err)
	}
}
