package redis

import (
	"reflect"
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
)

func TestEncodingRoundTrip(t *testing.T) {
	for _, s := range []dialog.Session{
		{Version: 1},
		{Version: 7, Lang: "en", Flow: "money", State: "can_work", Place: "160745052018", Service: "sozialhilfe",
			Answers:    map[string]string{"q": "a|b,c:d&e=f%g h ü", "pq": "Neustadt"},
			Back:       []dialog.Step{{Flow: "main", State: "concern"}, {Flow: "main", State: "place"}, {Flow: "odd|flow", State: "st:ate,x"}, {Flow: "main", State: "x"}},
			LastUpdate: 99, Recent: []int64{97, 98, 12}, Updated: time.Unix(1795439087, 0).UTC()},
	} {
		raw, err := encode(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decode(raw)
		if err != nil {
			t.Fatalf("decode(%q): %v", raw, err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", raw, got, s)
		}
	}
}

// FuzzDecode: whatever Redis holds, decoding returns a session or an
// error, and a decoded session encodes to a value that decodes the same.
func FuzzDecode(f *testing.F) {
	f.Add("10 de|main|authority|160745052018|sozialhilfe|8|1795439087|pq=Eisenberg&s=money.obstacles.yes|main:place,money:age")
	f.Add("1 ||||||||")
	f.Add("x de|main")
	f.Add("3 de|main|place||||||%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		s, err := decode(raw)
		if err != nil {
			return
		}
		again, err := encode(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := decode(again)
		if err != nil {
			t.Fatalf("re-decode of %q: %v", again, err)
		}
		if !reflect.DeepEqual(s, s2) {
			t.Fatalf("unstable: %+v vs %+v", s, s2)
		}
	})
}
