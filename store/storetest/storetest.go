// Package storetest is the conformance suite that every dialog.Store runs:
// load and save, compare-and-set conflicts, time to live, delete, remembered
// update ids, and many goroutines on one chat with no lost update.
package storetest

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
)

// NewStore returns a fresh store whose data lives for ttl.
type NewStore func(t *testing.T, ttl time.Duration) dialog.Store

// Run runs the conformance suite against the stores newStore makes.
func Run(t *testing.T, newStore NewStore) {
	t.Run("LoadMissing", func(t *testing.T) { testLoadMissing(t, newStore) })
	t.Run("SaveLoad", func(t *testing.T) { testSaveLoad(t, newStore) })
	t.Run("Conflict", func(t *testing.T) { testConflict(t, newStore) })
	t.Run("TTL", func(t *testing.T) { testTTL(t, newStore) })
	t.Run("Delete", func(t *testing.T) { testDelete(t, newStore) })
	t.Run("Remember", func(t *testing.T) { testRemember(t, newStore) })
	t.Run("ConcurrentWriters", func(t *testing.T) { testConcurrentWriters(t, newStore) })
}

// chat returns a chat id that no other test run uses.
func chat() int64 { return rand.Int64N(1<<50) + 1 }

func testLoadMissing(t *testing.T, newStore NewStore) {
	st := newStore(t, time.Hour)
	_, err := st.Load(context.Background(), chat())
	if !errors.Is(err, dialog.ErrNotFound) {
		t.Fatalf("Load of a new chat: got %v, want ErrNotFound", err)
	}
}

func testSaveLoad(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, time.Hour)
	want := dialog.Session{
		Chat: chat(), Lang: "en", Flow: "main", State: "concern", Place: "160745052018",
		Service: "sozialhilfe", Answers: map[string]string{"work": "no"},
		Back: []dialog.Step{{Flow: "main", State: "place"}}, LastUpdate: 42,
		Updated: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
	}
	s := want
	if err := st.Save(ctx, &s); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if s.Version != 1 {
		t.Fatalf("Version after first save: got %d, want 1", s.Version)
	}
	got, err := st.Load(ctx, want.Chat)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want.Version = 1
	if got.Chat != want.Chat || got.Version != want.Version || got.Lang != want.Lang ||
		got.Flow != want.Flow || got.State != want.State || got.Place != want.Place ||
		got.Service != want.Service || got.Answers["work"] != "no" || len(got.Answers) != 1 ||
		len(got.Back) != 1 || got.Back[0] != want.Back[0] || got.LastUpdate != 42 ||
		!got.Updated.Equal(want.Updated) {
		t.Fatalf("Load: got %+v, want %+v", got, want)
	}
	got.State = "results"
	if err := st.Save(ctx, &got); err != nil {
		t.Fatalf("second Save: %v", err)
	}
	if got.Version != 2 {
		t.Fatalf("Version after second save: got %d, want 2", got.Version)
	}
}

func testConflict(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, time.Hour)
	id := chat()
	first := dialog.Session{Chat: id, State: "a"}
	if err := st.Save(ctx, &first); err != nil {
		t.Fatal(err)
	}
	a, _ := st.Load(ctx, id)
	b, _ := st.Load(ctx, id)
	a.State = "from-a"
	if err := st.Save(ctx, &a); err != nil {
		t.Fatalf("first writer: %v", err)
	}
	b.State = "from-b"
	if err := st.Save(ctx, &b); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("second writer on a stale version: got %v, want ErrConflict", err)
	}
	got, _ := st.Load(ctx, id)
	if got.State != "from-a" {
		t.Fatalf("state after conflict: got %q, want %q", got.State, "from-a")
	}
	fresh := dialog.Session{Chat: id, State: "new"}
	if err := st.Save(ctx, &fresh); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("saving a new session over an existing one: got %v, want ErrConflict", err)
	}
}

func testTTL(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, 300*time.Millisecond)
	id := chat()
	s := dialog.Session{Chat: id, State: "a"}
	if err := st.Save(ctx, &s); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Remember(ctx, id, 7); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, err := st.Load(ctx, id)
		if errors.Is(err, dialog.ErrNotFound) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("session still there 5 s after a TTL of 300 ms (err %v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	fresh, err := st.Remember(ctx, id, 7)
	if err != nil || !fresh {
		t.Fatalf("Remember after expiry: got %v, %v; want true, nil", fresh, err)
	}
	again := dialog.Session{Chat: id}
	if err := st.Save(ctx, &again); err != nil {
		t.Fatalf("Save of a new session after expiry: %v", err)
	}
}

func testDelete(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, time.Hour)
	id, other := chat(), chat()
	for _, c := range []int64{id, other} {
		s := dialog.Session{Chat: c}
		if err := st.Save(ctx, &s); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Remember(ctx, c, 1); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Delete(ctx, id); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := st.Load(ctx, id); !errors.Is(err, dialog.ErrNotFound) {
		t.Fatalf("Load after Delete: got %v, want ErrNotFound", err)
	}
	if fresh, _ := st.Remember(ctx, id, 1); !fresh {
		t.Fatalf("Remember after Delete: an update id outlived the chat's data")
	}
	if _, err := st.Load(ctx, other); err != nil {
		t.Fatalf("Delete removed another chat: %v", err)
	}
	if err := st.Delete(ctx, chat()); err != nil {
		t.Fatalf("Delete of an unknown chat: got %v, want nil", err)
	}
}

func testRemember(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, time.Hour)
	id := chat()
	for i, c := range []struct {
		chat, update int64
		want         bool
	}{
		{id, 10, true}, {id, 10, false}, {id, 11, true}, {id + 1, 10, true}, {id, 11, false},
	} {
		got, err := st.Remember(ctx, c.chat, c.update)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got != c.want {
			t.Fatalf("step %d: Remember(%d, %d) = %v, want %v", i, c.chat, c.update, got, c.want)
		}
	}
}

// testConcurrentWriters lets goroutines add to one counter with
// load-modify-save and retry on conflict; no increment may be lost.
func testConcurrentWriters(t *testing.T, newStore NewStore) {
	ctx := context.Background()
	st := newStore(t, time.Hour)
	id := chat()
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if err := increment(ctx, st, id); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := st.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.LastUpdate != workers*each || got.Version != workers*each {
		t.Fatalf("after %d increments: counter %d, version %d", workers*each, got.LastUpdate, got.Version)
	}
}

func increment(ctx context.Context, st dialog.Store, id int64) error {
	for {
		s, err := st.Load(ctx, id)
		if errors.Is(err, dialog.ErrNotFound) {
			s = dialog.Session{Chat: id}
		} else if err != nil {
			return err
		}
		s.LastUpdate++
		err = st.Save(ctx, &s)
		if errors.Is(err, dialog.ErrConflict) {
			continue
		}
		return err
	}
}

// Limiter is what a rate limiter of updates per chat offers.
type Limiter interface {
	Allow(ctx context.Context, chat int64) (bool, error)
	Excess(ctx context.Context, chat int64) (int, error)
}

// RunLimiter checks a limiter made by newLimiter to allow 3 updates per
// chat in a window of 300 ms.
func RunLimiter(t *testing.T, newLimiter func(t *testing.T) Limiter) {
	ctx := context.Background()
	l := newLimiter(t)
	id, other := chat(), chat()
	for i := 1; i <= 5; i++ {
		ok, err := l.Allow(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := i <= 3; ok != want {
			t.Fatalf("update %d in the window: allowed %v, want %v", i, ok, want)
		}
	}
	if ok, _ := l.Allow(ctx, other); !ok {
		t.Fatal("another chat was limited too")
	}
	// The chat has sent 5 updates; the next ones are 3 and 4 over the limit.
	for want := 3; want <= 4; want++ {
		got, err := l.Excess(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("update %d in the window: excess %d, want %d", want+3, got, want)
		}
	}
	if got, _ := l.Excess(ctx, other); got != 0 {
		t.Fatalf("second update of another chat: excess %d, want 0", got)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if ok, _ := l.Allow(ctx, id); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still limited 5 s after a window of 300 ms")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Outbox keeps the replies of updates that could not be sent.
type Outbox interface {
	Keep(ctx context.Context, chat, updateID int64, replies []dialog.Reply) error
	Take(ctx context.Context, chat, updateID int64) ([]dialog.Reply, bool, error)
}

// RunOutbox checks that kept replies come back once, whole, for their own
// chat and update, without the user's words they showed back, and that
// Delete removes them.
func RunOutbox(t *testing.T, box Outbox, st dialog.Store) {
	ctx := context.Background()
	id := chat()
	want := []dialog.Reply{
		{Blocks: []dialog.Block{{Title: "T", Text: "a <b>", Items: []string{"x"}}, {Text: "found for Max Muster", Redacted: "found"}}, Menu: "main.service",
			Choices: []dialog.Choice{{Event: "open:wohngeld", Label: "Wohngeld"}}},
		{Venue: &dialog.Venue{Lat: 50.9, Lon: 11.9, Title: "Amt", Address: "Schulgasse 15"}, Contact: &dialog.Contact{Phone: "036691 70-632", Name: "Amt"}, RequestLocation: true},
	}
	if err := box.Keep(ctx, id, 7, want); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := box.Take(ctx, id, 8); ok || err != nil {
		t.Fatalf("Take of another update: got %v, %v; want nothing", ok, err)
	}
	if _, ok, err := box.Take(ctx, id+1, 7); ok || err != nil {
		t.Fatalf("Take of another chat: got %v, %v; want nothing", ok, err)
	}
	got, ok, err := box.Take(ctx, id, 7)
	if err != nil || !ok {
		t.Fatalf("Take: got %v, %v; want the replies", ok, err)
	}
	if len(got) != 2 || len(got[0].Blocks) != 2 || got[0].Blocks[0].Text != "a <b>" || got[0].Blocks[1].Text != "found" || got[0].Choices[0].Event != "open:wohngeld" ||
		got[1].Venue == nil || got[1].Venue.Address != "Schulgasse 15" || got[1].Contact.Phone != "036691 70-632" || !got[1].RequestLocation {
		t.Fatalf("Take: got %+v, want %+v", got, want)
	}
	if _, ok, _ := box.Take(ctx, id, 7); ok {
		t.Fatal("replies came back twice")
	}
	if want[0].Blocks[1].Text != "found for Max Muster" {
		t.Fatal("Keep changed the replies it was given")
	}
	if err := box.Keep(ctx, id, 9, want); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := box.Take(ctx, id, 9); ok {
		t.Fatal("kept replies outlived Delete")
	}
}
