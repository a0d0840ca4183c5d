// Package storetest is the conformance suite that every dialog.Store runs:
// load and save, compare-and-set conflicts, time to live, delete, many
// goroutines on one chat with no lost update, and the outbox of replies
// saved with a turn (RunOutbox).
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
	}
	if err := st.Delete(ctx, id); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := st.Load(ctx, id); !errors.Is(err, dialog.ErrNotFound) {
		t.Fatalf("Load after Delete: got %v, want ErrNotFound", err)
	}
	if _, err := st.Load(ctx, other); err != nil {
		t.Fatalf("Delete removed another chat: %v", err)
	}
	if err := st.Delete(ctx, chat()); err != nil {
		t.Fatalf("Delete of an unknown chat: got %v, want nil", err)
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
	Excess(ctx context.Context, chat int64) (over int, left time.Duration, err error)
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
		got, left, err := l.Excess(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("update %d in the window: excess %d, want %d", want+3, got, want)
		}
		if left <= 0 || left > 300*time.Millisecond {
			t.Fatalf("update %d in the window: %v left of it, want between 0 and 300ms", want+3, left)
		}
	}
	if got, _, _ := l.Excess(ctx, other); got != 0 {
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

// Outbox hands out the replies that Save kept with a turn (see
// dialog.Outgoing); both stores implement it.
type Outbox interface {
	Claim(ctx context.Context, chat int64) ([]dialog.Outgoing, error)
	Mark(ctx context.Context, chat int64, out dialog.Outgoing) error
	Renew(ctx context.Context, chat int64) error
	Done(ctx context.Context, chat int64, updates []int64, keep bool) ([]dialog.Outgoing, error)
}

// RunOutbox checks that the replies Save keeps with a turn come back
// whole, oldest first, for their own chat, with the progress Mark
// recorded, until Done removes them; that Done returns what turns added
// meanwhile; and that Delete removes them.
func RunOutbox(t *testing.T, box Outbox, st dialog.Store) {
	ctx := context.Background()
	id := chat()
	replies := []dialog.Reply{
		{Blocks: []dialog.Block{{Title: "T", Text: "a <b>", Items: []string{"x"}}}, Menu: "main.service",
			Choices: []dialog.Choice{{Event: "open:wohngeld", Label: "Wohngeld"}}},
		{Venue: &dialog.Venue{Lat: 50.9, Lon: 11.9, Title: "Amt", Address: "Schulgasse 15"}, Contact: &dialog.Contact{Phone: "036691 70-632", Name: "Amt"}, RequestLocation: true},
	}
	save := func(s *dialog.Session, update int64) {
		t.Helper()
		s.Outgoing = &dialog.Outgoing{Update: update, Replies: replies}
		if err := st.Save(ctx, s); err != nil {
			t.Fatal(err)
		}
		s.Outgoing = nil
	}
	claim := func(what string, want ...int64) []dialog.Outgoing {
		t.Helper()
		got, err := box.Claim(ctx, id)
		if err != nil {
			t.Fatalf("%s: Claim: %v", what, err)
		}
		checkUpdates(t, what, got, want)
		return got
	}
	s := dialog.Session{Chat: id}
	save(&s, 7)
	if got, err := box.Claim(ctx, id+1); err != nil || len(got) != 0 {
		t.Fatalf("Claim of another chat: got %v, %v; want nothing", got, err)
	}
	if loaded, err := st.Load(ctx, id); err != nil || loaded.Outgoing != nil {
		t.Fatalf("Load: got outgoing %v, %v; want none (the outbox is read by Claim)", loaded.Outgoing, err)
	}
	got := claim("after Save", 7)
	o := got[0]
	if len(o.Replies) != 2 || o.Replies[0].Blocks[0].Text != "a <b>" || o.Replies[0].Choices[0].Event != "open:wohngeld" ||
		o.Replies[1].Venue == nil || o.Replies[1].Venue.Address != "Schulgasse 15" || o.Replies[1].Contact.Phone != "036691 70-632" ||
		!o.Replies[1].RequestLocation || o.Sent != 0 || o.Tried {
		t.Fatalf("Claim: got %+v, want the replies saved", o)
	}
	o.Sent, o.Tried = 2, true
	if err := box.Mark(ctx, id, o); err != nil {
		t.Fatalf("Mark: %v", err)
	}
	if err := box.Renew(ctx, id); err != nil {
		t.Fatalf("Renew: %v", err)
	}
	// A later turn of the chat keeps its replies after the first ones.
	save(&s, 9)
	got = claim("after a second turn", 7, 9)
	if got[0].Sent != 2 || !got[0].Tried {
		t.Fatalf("Claim after Mark: got sent %d, tried %v; want 2, true", got[0].Sent, got[0].Tried)
	}
	save(&s, 10)
	rest, err := box.Done(ctx, id, []int64{7, 9}, true)
	if err != nil {
		t.Fatalf("Done: %v", err)
	}
	checkUpdates(t, "Done with a turn added meanwhile", rest, []int64{10})
	rest, err = box.Done(ctx, id, []int64{10}, true)
	if err != nil || len(rest) != 0 {
		t.Fatalf("last Done: got %v, %v; want nothing left", rest, err)
	}
	claim("after Done")
	// Done without keep ends the claim and leaves the rest for later.
	save(&s, 12)
	save(&s, 13)
	claim("two turns", 12, 13)
	if rest, err := box.Done(ctx, id, []int64{12}, false); err != nil || len(rest) != 0 {
		t.Fatalf("Done without keep: got %v, %v; want nothing", rest, err)
	}
	claim("after Done without keep", 13)
	if _, err := box.Done(ctx, id, []int64{13}, true); err != nil {
		t.Fatal(err)
	}
	save(&s, 14)
	if err := st.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	claim("after Delete")
}

func checkUpdates(t *testing.T, what string, got []dialog.Outgoing, want []int64) {
	t.Helper()
	ids := make([]int64, len(got))
	for i, o := range got {
		ids[i] = o.Update
	}
	if len(ids) != len(want) {
		t.Fatalf("%s: got the replies of updates %v, want %v", what, ids, want)
	}
	for i := range ids {
		if ids[i] != want[i] {
			t.Fatalf("%s: got the replies of updates %v, want %v", what, ids, want)
		}
	}
}
