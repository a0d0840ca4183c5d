package dialog_test

import (
	"context"
	"testing"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/store/memory"
)

// FuzzEngine sends random input to sessions in random states: the engine
// must not panic, and the session it saves must be at a question that
// exists.
func FuzzEngine(f *testing.F) {
	f.Add(uint8(0), "Sozialhilfe", "", "main", "concern", "160745052018", "", 0.0, 0.0)
	f.Add(uint8(1), "open:sozialhilfe", "main.results", "main", "results", "", "", 0.0, 0.0)
	f.Add(uint8(1), "section:costs", "main.service", "main", "service", "160745052018", "sozialhilfe", 0.0, 0.0)
	f.Add(uint8(1), "authority", "main.service", "main", "service", "", "wohngeld", 0.0, 0.0)
	f.Add(uint8(2), "", "", "main", "place", "", "", 50.9676, 11.9013)
	f.Add(uint8(3), "start", "buergergeld", "money", "age", "", "", 0.0, 0.0)
	f.Add(uint8(1), "pick:999999999999", "main.place_pick", "main", "place_pick", "", "", 0.0, 0.0)
	f.Add(uint8(0), "07607", "", "main", "place", "", "", 0.0, 0.0)
	f.Add(uint8(1), "yes", "main.forget", "main", "forget", "", "", 0.0, 0.0)
	f.Add(uint8(3), "back", "", "nope", "nowhere", "x", "y", 1e308, -1e308)
	store := memory.New()
	e := engine(f, store)
	set, err := flows.Load()
	if err != nil {
		f.Fatal(err)
	}
	var chat int64
	f.Fuzz(func(t *testing.T, kind uint8, s, menu, flow, state, place, service string, lat, lon float64) {
		ctx := context.Background()
		chat++
		seed := dialog.Session{Chat: chat, Lang: "de", Flow: flow, State: state, Place: place, Service: service,
			Answers: map[string]string{"q": s, "pq": s, "s": s, "sit": s}}
		if err := store.Save(ctx, &seed); err != nil {
			t.Fatal(err)
		}
		in := dialog.Input{Chat: chat, UpdateID: 1, Kind: dialog.Kind(kind % 4), Text: s, Choice: s, Menu: menu, Command: s, Lat: lat, Lon: lon}
		if _, err := e.Handle(ctx, in); err != nil {
			t.Fatalf("Handle: %v", err)
		}
		got, err := store.Load(ctx, chat)
		if err != nil {
			return // forgotten
		}
		if got.State == "" {
			t.Fatalf("session saved with no state: %+v", got)
		}
		fl, ok := set.Flow(got.Flow)
		if !ok {
			t.Fatalf("session in unknown flow %q", got.Flow)
		}
		if _, ok := fl.Questions[got.State]; !ok {
			t.Fatalf("session at unknown question %q of %q", got.State, got.Flow)
		}
	})
}
