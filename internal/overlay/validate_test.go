package overlay

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/onair/onair/internal/errs"
)

// The field limits are driven through the API in internal/httpapi
// (actions_test.go); these tests pin what is only visible here.

func TestValidateCanonicalData(t *testing.T) {
	tests := []struct {
		name, action, in, want string
		duration               time.Duration
	}{
		{"celebration without data", Celebration, ``, `{"duration":10}`, 10 * time.Second},
		{"celebration null", Celebration, `null`, `{"duration":10}`, 10 * time.Second},
		{"celebration given", Celebration, ` { "duration" : 10 } `, `{"duration":10}`, 10 * time.Second},
		{"quiz keys in order, markup kept as text", Quiz,
			`{"duration":10,"question":"<b>Q</b> & A?","correctAnswerIndex":1,"answers":["a","b","c"]}`,
			`{"question":"<b>Q</b> & A?","answers":["a","b","c"],"correctAnswerIndex":1,"duration":10}`, 12 * time.Second},
		{"poll", PollAction, `{"question":"Q","answers":["x","y"],"duration":120}`, `{"question":"Q","answers":["x","y"],"duration":120}`, 120 * time.Second},
		{"product runs until stopped", Product, `{"title":"T","price":"$1","imageUrl":"https://e.com/i.png","description":"D"}`,
			`{"title":"T","price":"$1","imageUrl":"https://e.com/i.png","description":"D"}`, 0},
		{"amazon product: absent optional fields become null", AmazonProduct, `{"title":"Mug","productURL":"https://www.amazon.com/dp/B0?tag=x"}`,
			`{"images":null,"title":"Mug","price":null,"productURL":"https://www.amazon.com/dp/B0?tag=x","merchantInfo":null}`, 0},
	}
	for _, tc := range tests {
		c, err := Validate(tc.action, json.RawMessage(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(c.Data) != tc.want || c.Duration != tc.duration {
			t.Errorf("%s: data %s, duration %v; want %s, %v", tc.name, c.Data, c.Duration, tc.want, tc.duration)
		}
	}
}

func TestEncodedSize(t *testing.T) {
	data := json.RawMessage(`{ "duration" : 10 }`)
	want := len(`{"name":"celebration","data":{"duration":10}}`)
	if got := EncodedSize(Celebration, data); got != want {
		t.Errorf("EncodedSize = %d, want %d", got, want)
	}
	if got := EncodedSize(Celebration, nil); got != len(`{"name":"celebration","data":null}`) {
		t.Errorf("EncodedSize(no data) = %d", got)
	}
}

func TestAmazonURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://www.amazon.com/dp/B08N5WRWNW", true},
		{"https://amazon.co.uk/dp/B0", true},
		{"https://smile.amazon.de/x", true},
		{"https://WWW.AMAZON.CO.JP/x", true},
		{"http://www.amazon.com/dp/B0", false},       // https only
		{"https://www.amazon.com:8443/dp/B0", false}, // default port only
		{"https://www.amazon.com.evil.io/dp/B0", false},
		{"https://evilamazon.com/dp/B0", false},
		{"https://amazon.example/dp/B0", false},
		{"https://user@www.amazon.com/", false},
		{"javascript:alert(1)//www.amazon.com", false},
		{"https://www.amazon.com/dp/B0 x", false},
		{"//www.amazon.com/dp/B0", false},
	}
	for _, tc := range tests {
		if got := amazonURL(tc.url); got != tc.ok {
			t.Errorf("amazonURL(%q) = %v, want %v", tc.url, got, tc.ok)
		}
	}
}

func TestSchedulerPacesTallies(t *testing.T) {
	sc := newScheduler()
	wall := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	now := wall
	sc.touch("p1", "c1")
	if _, tallies, _ := sc.due(now, wall); len(tallies) != 1 {
		t.Fatalf("first vote: %d publications, want 1 at once", len(tallies))
	}
	// Votes within the next PaceVotes become one publication at its end.
	for i := range 5 {
		sc.touch("p1", "c1")
		_, tallies, sleep := sc.due(now, wall.Add(time.Duration(i)*30*time.Millisecond))
		if len(tallies) != 0 || sleep <= 0 || sleep > PaceVotes {
			t.Fatalf("vote %d within the gap: %d publications, sleep %v", i, len(tallies), sleep)
		}
	}
	if _, tallies, _ := sc.due(now, wall.Add(PaceVotes)); len(tallies) != 1 {
		t.Fatalf("after the gap: %d publications, want 1", len(tallies))
	}
	// Quiet: forgotten after a gap, so the next vote goes out at once.
	sc.due(now, wall.Add(3*PaceVotes))
	if len(sc.paced) != 0 {
		t.Fatalf("quiet poll still paced: %v", sc.paced)
	}
	// Jobs are due on the service's clock; the sleep is capped so a clock
	// that jumps is noticed.
	sc.add(job{at: now.Add(time.Minute), ch: "c1", id: "p1"})
	if jobs, _, sleep := sc.due(now, wall); len(jobs) != 0 || sleep != clockCheck {
		t.Fatalf("job ahead: %d due, sleep %v", len(jobs), sleep)
	}
	if jobs, _, _ := sc.due(now.Add(time.Minute), wall); len(jobs) != 1 || len(sc.jobs) != 0 {
		t.Fatalf("job due: %d, left %d", len(jobs), len(sc.jobs))
	}
}

// FuzzValidate: whatever a client sends, Validate answers without
// panicking; a refusal is a TimedMetadataValidationException; accepted
// data is a JSON object that validates again to itself.
func FuzzValidate(f *testing.F) {
	seeds := []struct{ name, data string }{
		{Quiz, `{"question":"What house?","answers":["Slytherin","Gryffindor","Hufflepuff"],"correctAnswerIndex":1,"duration":10}`},
		{PollAction, `{"question":"Q","answers":["a","A "],"duration":15}`},
		{Product, `{"title":"T","price":"1","imageUrl":"http://e.com/x","description":"d"}`},
		{Notice, `{"title":"t","message":"m","duration":5}`},
		{Celebration, `{}`},
		{AmazonProduct, `{"title":"t","productURL":"https://www.amazon.com/x","images":{"large":{"url":"https://m.media-amazon.com/i.jpg"},"medium":null,"small":null},"price":{"displayAmount":"$1"},"merchantInfo":"Shop"}`},
		{Quiz, `{"answers":null,"correctAnswerIndex":-1}`},
		{Notice, `{"duration":1e309}`},
		{"confetti", `[]`},
		{PollAction, `{"question":"\u2028","answers":["\ud800","x"],"duration":10}`},
	}
	for _, s := range seeds {
		f.Add(s.name, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		c, err := Validate(name, data)
		if err != nil {
			if e, ok := errs.As(err); !ok || e.Code != "TimedMetadataValidationException" {
				t.Fatalf("Validate(%q, %q): %v", name, data, err)
			}
			return
		}
		if !json.Valid(c.Data) || !bytes.HasPrefix(c.Data, []byte("{")) {
			t.Fatalf("Validate(%q, %q) data %q", name, data, c.Data)
		}
		if EncodedSize(name, c.Data) > MaxEncoded {
			return // the canonical form may spell out nulls a client left out
		}
		again, err := Validate(name, c.Data)
		if err != nil || !bytes.Equal(again.Data, c.Data) || again.Duration != c.Duration {
			t.Fatalf("Validate(%q, %q) = %s, then %s, %v", name, data, c.Data, again.Data, err)
		}
		if name == PollAction && (len(c.Options) < 2 || strings.TrimSpace(c.Question) == "") {
			t.Fatalf("poll accepted without question or options: %+v", c)
		}
	})
}
