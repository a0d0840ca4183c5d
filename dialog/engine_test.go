package dialog_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
)

var (
	partsOnce sync.Once
	parts     *app.Parts
	partsErr  error
)

func engine(t testing.TB, store dialog.Store) *dialog.Engine {
	t.Helper()
	partsOnce.Do(func() { parts, partsErr = app.Load() })
	if partsErr != nil {
		t.Fatal(partsErr)
	}
	e, err := parts.Engine(store, app.Options{
		Now: func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func text(chat, update int64, s string) dialog.Input {
	return dialog.Input{Chat: chat, UpdateID: update, Kind: dialog.KindText, Text: s}
}

func command(chat, update int64, cmd, arg string) dialog.Input {
	return dialog.Input{Chat: chat, UpdateID: update, Kind: dialog.KindCommand, Command: cmd, Text: arg}
}

func choice(chat, update int64, menu, event string) dialog.Input {
	return dialog.Input{Chat: chat, UpdateID: update, Kind: dialog.KindChoice, Choice: event, Menu: menu}
}

// say runs inputs in order and returns the replies of the last.
func say(t *testing.T, e *dialog.Engine, inputs ...dialog.Input) []dialog.Reply {
	t.Helper()
	var replies []dialog.Reply
	for _, in := range inputs {
		var err error
		replies, err = e.Handle(context.Background(), in)
		if err != nil {
			t.Fatalf("Handle(%+v): %v", in, err)
		}
	}
	return replies
}

func all(replies []dialog.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		for _, bl := range r.Blocks {
			b.WriteString(bl.Title + "\n" + bl.Text + "\n" + strings.Join(bl.Items, "\n") + "\n")
		}
		for _, c := range r.Choices {
			b.WriteString("[" + c.Event + "] " + c.Label + "\n")
		}
	}
	return b.String()
}

func TestStartsInTheUsersLanguage(t *testing.T) {
	e := engine(t, memory.New())
	for i, c := range []struct {
		hint, want string
	}{
		{"en-US", "Welcome to Lotse"}, {"de", "Willkommen bei Lotse"}, {"", "Willkommen bei Lotse"}, {"fr", "Willkommen bei Lotse"},
		{"uk", "Вітаємо в Lotse"}, {"ru-RU", "Добро пожаловать в Lotse"}, {"tr", "Lotse'ye hoş geldiniz"}, {"ar", "أهلًا بكم في Lotse"},
	} {
		in := command(int64(i+100), 1, "start", "")
		in.LangHint = c.hint
		if got := all(say(t, e, in)); !strings.Contains(got, c.want) {
			t.Errorf("hint %q: got %q, want %q", c.hint, got, c.want)
		}
	}
}

func TestDeepLinkOpensService(t *testing.T) {
	e := engine(t, memory.New())
	got := say(t, e, command(1, 1, "start", "sozialhilfe"))
	if len(got) != 1 || got[0].Menu != "main.service" || !strings.Contains(all(got), "Sozialhilfe") {
		t.Fatalf("deep link: got %+v, want the service page", got)
	}
	// Asking for the authority without a place asks for the place first,
	// then shows the authority.
	got = say(t, e, choice(1, 2, "main.service", "authority"))
	if got[0].Menu != "main.place" || !got[0].RequestLocation {
		t.Fatalf("authority without place: got menu %q, want main.place with a location button", got[0].Menu)
	}
	got = say(t, e, dialog.Input{Chat: 1, UpdateID: 3, Kind: dialog.KindLocation, Lat: 50.9676, Lon: 11.9013})
	if got[0].Menu != "main.authority" || !strings.Contains(all(got), "Schulgasse 15") || got[0].Contact != nil || !hasChoice(got[0], "contact") {
		t.Fatalf("after the location: got %s, want the Sozialamt card with a contact button and no contact", all(got))
	}
	// The contact comes when asked for, as the one reply of the turn.
	got = say(t, e, choice(1, 4, "main.authority", "contact"))
	if len(got) != 1 || got[0].Contact == nil || got[0].Contact.Phone == "" || len(got[0].Blocks) != 0 {
		t.Fatalf("contact: got %+v, want one reply with only the contact", got)
	}
}

func TestForgedAndStaleChoicesChangeNothing(t *testing.T) {
	store := memory.New()
	e := engine(t, store)
	say(t, e, command(7, 1, "start", ""), text(7, 2, "Eisenberg"), choice(7, 3, "main.place_pick", "pick:160745052018"))
	before, err := store.Load(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if before.State != "concern" || before.Place != "160745052018" {
		t.Fatalf("setup: session at %q in %q, want concern in Eisenberg", before.State, before.Place)
	}
	for i, in := range []dialog.Input{
		choice(7, 10, "main.place_pick", "pick:160745052018"), // an old menu
		choice(7, 11, "main.concern", "open:no-such-service"),
		choice(7, 12, "main.concern", "situation:nope"),
		choice(7, 13, "main.concern", "guide:steuern"), // a situation without a flow
		choice(7, 14, "main.concern", "pick:000000000000"),
		choice(7, 15, "main.concern", "yes"),
		choice(7, 16, "money.age", "pension_age"),
		choice(7, 17, "", strings.Repeat("x", 300)),
		choice(7, 18, "main.concern", "section:costs"),
	} {
		got := say(t, e, in)
		if !strings.Contains(all(got), "nicht mehr aktuell") {
			t.Errorf("input %d (%q from %q): got %s, want the stale-menu answer", i, in.Choice, in.Menu, all(got))
		}
	}
	after, _ := store.Load(context.Background(), 7)
	if after.State != before.State || after.Flow != before.Flow || after.Place != before.Place || after.Service != before.Service {
		t.Fatalf("forged choices changed the session: before %+v, after %+v", before, after)
	}
}

func TestDuplicateUpdateIsDropped(t *testing.T) {
	store := memory.New()
	e := engine(t, store)
	say(t, e, command(3, 5, "start", ""))
	if got := say(t, e, command(3, 5, "start", "")); got != nil {
		t.Fatalf("a redelivered update: got %d replies, want none", len(got))
	}
	// An older update that arrives late was not handled yet: it is.
	if got := say(t, e, text(3, 4, "Jena")); got == nil {
		t.Fatal("an update that arrived after a newer one: got no replies, want it handled")
	}
	for _, id := range []int64{4, 5} {
		if got := say(t, e, text(3, id, "Jena")); got != nil {
			t.Fatalf("update %d again: got %d replies, want none", id, len(got))
		}
	}
	s, _ := store.Load(context.Background(), 3)
	if s.Version != 2 || s.LastUpdate != 5 {
		t.Fatalf("session after duplicates: version %d, last update %d; want 2, 5", s.Version, s.LastUpdate)
	}
}

func TestRecentUpdatesAreBounded(t *testing.T) {
	var s dialog.Session
	for _, id := range []int64{10, 12, 11, 15, 13, 14, 20} {
		s.MarkHandled(id)
	}
	if s.LastUpdate != 20 || len(s.Recent) != dialog.MaxRecent {
		t.Fatalf("got last %d, recent %v; want 20 and %d recent", s.LastUpdate, s.Recent, dialog.MaxRecent)
	}
	for _, id := range []int64{20, 15, 13, 14} {
		if !s.Handled(id) {
			t.Errorf("update %d: not handled, want handled", id)
		}
	}
	if s.Handled(16) || s.Handled(0) {
		t.Error("an update never seen counts as handled")
	}
}

// failingStore fails every call.
type failingStore struct{}

var errDown = errors.New("store down")

func (failingStore) Load(context.Context, int64) (dialog.Session, error) {
	return dialog.Session{}, errDown
}
func (failingStore) Save(context.Context, *dialog.Session) error { return errDown }
func (failingStore) Delete(context.Context, int64) error         { return errDown }
func (failingStore) Remember(context.Context, int64, int64) (bool, error) {
	return false, errDown
}

func TestStoreFailureGivesAnApology(t *testing.T) {
	e := engine(t, failingStore{})
	in := command(1, 1, "start", "")
	in.LangHint = "en"
	got, err := e.Handle(context.Background(), in)
	if !errors.Is(err, errDown) {
		t.Fatalf("error: got %v, want the store's", err)
	}
	if !strings.Contains(all(got), "Sorry, something went wrong") {
		t.Fatalf("replies: got %s, want an apology in English", all(got))
	}
}

// conflictingStore makes the first n saves fail with a conflict, as if
// another replica had written first.
type conflictingStore struct {
	*memory.Store
	n int
}

func (s *conflictingStore) Save(ctx context.Context, sess *dialog.Session) error {
	if s.n > 0 {
		s.n--
		return dialog.ErrConflict
	}
	return s.Store.Save(ctx, sess)
}

func TestConflictIsRetried(t *testing.T) {
	store := &conflictingStore{Store: memory.New(), n: 3}
	e := engine(t, store)
	say(t, e, command(1, 1, "start", ""))
	if s, err := store.Load(context.Background(), 1); err != nil || s.State != "place" {
		t.Fatalf("after 3 conflicts: got %+v, %v; want the session saved at place", s, err)
	}
	store.n = 100
	if _, err := e.Handle(context.Background(), text(1, 2, "Jena")); !errors.Is(err, dialog.ErrConflict) {
		t.Fatalf("endless conflicts: got %v, want ErrConflict", err)
	}
}

func TestSessionStaysSmall(t *testing.T) {
	store := memory.New()
	e := engine(t, store)
	long := strings.Repeat("Wohngeld Antrag ", 40)
	say(t, e,
		command(9, 1, "start", ""), text(9, 2, "Neustadt"), text(9, 3, "07607"),
		choice(9, 4, "main.place_pick", "pick:160745052018"),
		choice(9, 5, "main.concern", "guide:geld"), choice(9, 6, "money.age", "working_age"),
		choice(9, 7, "money.can_work", "yes"), choice(9, 8, "money.income", "with_children"),
		choice(9, 9, "money.single", "yes"), text(9, 10, long),
	)
	s, _ := store.Load(context.Background(), 9)
	b, _ := json.Marshal(s)
	if len(b) > 512 {
		t.Fatalf("session encodes to %d bytes, want at most 512: %s", len(b), b)
	}
	if len(s.Back) > dialog.MaxBack {
		t.Fatalf("back-stack has %d steps, want at most %d", len(s.Back), dialog.MaxBack)
	}
}

func TestLongTextGetsAHint(t *testing.T) {
	e := engine(t, memory.New())
	got := say(t, e, command(1, 1, "start", ""), text(1, 2, strings.Repeat("ä", 4000)))
	if !strings.Contains(all(got), "sehr lange Nachricht") {
		t.Fatalf("4,000 characters: got %s", all(got))
	}
}

// staleStore serves an older session once, as a session cache does whose
// replica missed a save of another replica.
type staleStore struct {
	*memory.Store
	stale *dialog.Session
}

func (s *staleStore) Load(ctx context.Context, chat int64) (dialog.Session, error) {
	if old := s.stale; old != nil {
		s.stale = nil
		return *old, nil
	}
	return s.Store.Load(ctx, chat)
}

func TestForgetOnAStaleSessionDeletesNothing(t *testing.T) {
	ctx := context.Background()
	store := &staleStore{Store: memory.New()}
	e := engine(t, store)
	say(t, e, command(8, 1, "start", ""), text(8, 2, "Eisenberg"), choice(8, 3, "main.place_pick", "pick:160745052018"), command(8, 4, "forget", ""))
	asked, err := store.Load(ctx, 8)
	if err != nil || asked.State != "forget" {
		t.Fatalf("setup: got %+v, %v; want the session at forget", asked, err)
	}
	say(t, e, choice(8, 5, "main.forget", "no"))
	store.stale = &asked
	got := say(t, e, choice(8, 6, "main.forget", "yes"))
	if strings.Contains(all(got), "gelöscht") {
		t.Fatalf("a tap on an old forget menu: got %s, want the stale-menu answer", all(got))
	}
	if s, err := store.Load(ctx, 8); err != nil || s.Place != "160745052018" {
		t.Fatalf("after a tap on an old forget menu: got %+v, %v; want the session kept", s, err)
	}
}

// A service page shows the amount valid on the day it is shown: the
// minimum wage and the sick-child days change on 1 January 2027.
func TestServiceShowsTheDaysValues(t *testing.T) {
	partsOnce.Do(func() { parts, partsErr = app.Load() })
	if partsErr != nil {
		t.Fatal(partsErr)
	}
	for _, c := range []struct {
		day             time.Time
		lang, svc, want string
	}{
		{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), "de", "mindestlohn-verstoss-melden", "13,90 Euro"},
		{time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "de", "mindestlohn-verstoss-melden", "14,60 Euro"},
		{time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC), "en", "kinderkrankengeld", "up to 15 working days"},
		{time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), "en", "kinderkrankengeld", "up to 10 working days"},
	} {
		e, err := parts.Engine(memory.New(), app.Options{
			Now: func() time.Time { return c.day },
			Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		if err != nil {
			t.Fatal(err)
		}
		in := command(1, 1, "start", c.svc)
		in.LangHint = c.lang
		got := all(say(t, e, in))
		if !strings.Contains(got, c.want) || strings.Contains(got, "{{") {
			t.Errorf("%s on %s: got %q, want %q and no {{reference}}", c.svc, c.day.Format(time.DateOnly), got, c.want)
		}
	}
}

// TestSessionKeepsNoWordsOfTheUser: words typed at the place question and
// into a search are shown back once, in the reply of their turn, and kept
// neither in the session nor in a reply's redacted form; showing the
// results again does not repeat them.
func TestSessionKeepsNoWordsOfTheUser(t *testing.T) {
	store := memory.New()
	e := engine(t, store)
	const name, phone = "Marianne Zwirbelkraut", "0176 48213377"
	replies := say(t, e, command(11, 1, "start", ""), text(11, 2, name))
	if !strings.Contains(all(replies), name) {
		t.Fatalf("an unknown place is not shown back:\n%s", all(replies))
	}
	if strings.Contains(all(dialog.Redact(replies)), name) {
		t.Fatalf("redacted replies still show the words:\n%s", all(dialog.Redact(replies)))
	}
	replies = say(t, e, text(11, 3, "Jena"), text(11, 4, name+" "+phone))
	if !strings.Contains(all(replies), phone) {
		t.Fatalf("the search is not shown back:\n%s", all(replies))
	}
	if strings.Contains(all(dialog.Redact(replies)), phone) {
		t.Fatalf("redacted replies still show the search:\n%s", all(dialog.Redact(replies)))
	}
	s, _ := store.Load(context.Background(), 11)
	b, _ := json.Marshal(s)
	for _, w := range []string{"Marianne", "Zwirbelkraut", "48213377"} {
		if strings.Contains(string(b), w) {
			t.Errorf("session keeps %q: %s", w, b)
		}
	}
	// The results shown again (a stale tap) keep their choices but not the words.
	again := say(t, e, choice(11, 5, "main.old", "open:x"))
	if strings.Contains(all(again), phone) {
		t.Errorf("results shown again repeat the search:\n%s", all(again))
	}
	if got, want := choicesOf(again), choicesOf(replies); !slices.Equal(got, want) {
		t.Errorf("results shown again: got choices %v, want %v", got, want)
	}
}

func choicesOf(replies []dialog.Reply) []string {
	var out []string
	for _, r := range replies {
		for _, c := range r.Choices {
			out = append(out, c.Event)
		}
	}
	return out
}

func hasChoice(r dialog.Reply, event string) bool {
	for _, c := range r.Choices {
		if c.Event == event {
			return true
		}
	}
	return false
}
