package flows_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/looplab/fsm"

	"github.com/lotse-de/lotse/flows"
)

func TestEmbeddedFlowsLoad(t *testing.T) {
	set, err := flows.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.IDs()) < 7 {
		t.Fatalf("flows: got %v, want the main flow and at least six guided flows", set.IDs())
	}
}

func TestEventsDriveTheStateMachine(t *testing.T) {
	set, err := flows.Load()
	if err != nil {
		t.Fatal(err)
	}
	money, _ := set.Flow("money")
	m := fsm.NewFSM(money.Start, money.Events(), nil)
	for _, c := range []struct{ event, want string }{
		{"working_age", "can_work"}, {"yes", "income"}, {"with_children", "single"}, {"yes", flows.Suggests},
	} {
		if err := m.Event(t.Context(), c.event); err != nil {
			t.Fatalf("event %q: %v", c.event, err)
		}
		if m.Current() != c.want {
			t.Fatalf("after %q: at %q, want %q", c.event, m.Current(), c.want)
		}
	}
	m = fsm.NewFSM("age", money.Events(), nil)
	if err := m.Event(t.Context(), "with_children"); err == nil {
		t.Fatal("an answer of another question was accepted")
	}
}

const broken = `id: broken
start: first
questions:
  first:
    text: known
    answers:
      a: {next: nowhere}
      b: {}
      c: {suggest: [{service: ghost, because: known}]}
      d: {next: first, stay: true}
  lonely:
    text: unknown.message
    answers:
      x: {stay: true}
`

func TestLintFindsEveryKindOfProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"broken.yaml": {Data: []byte(broken)},
		"main.yaml":   {Data: []byte("id: main\nstart: q\nquestions:\n  q:\n    text: known\n    answers:\n      ok: {stay: true, label: known}\n")},
	}
	set, err := flows.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	has := func(id string) bool { return id == "known" }
	problems := set.Lint(has, func(string) bool { return false })
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		`flows/broken.yaml:7: answer "a" of "first" leads to "nowhere", which does not exist`,
		`flows/broken.yaml:8: answer "b" of "first" leads nowhere`,
		`flows/broken.yaml:9: answer "c" of "first" suggests "ghost", which the catalog lacks`,
		`flows/broken.yaml:10: answer "d" of "first" has more than one of`,
		`flows/broken.yaml:12: question "lonely" cannot be reached`,
		`flows/broken.yaml:12: message id "unknown.message" is missing`,
		`message id "flow.broken.first.a" is missing`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q; got:\n%s", want, text)
		}
	}
	for _, p := range set.Lint(has, func(string) bool { return true }) {
		if strings.HasPrefix(p.String(), "flows/main.yaml") {
			t.Errorf("a correct flow has a problem: %s", p)
		}
	}
}

func TestLoadRejectsBadFiles(t *testing.T) {
	for name, data := range map[string]string{
		"unknown field": "id: main\nstart: q\nquestions:\n  q:\n    text: x\n    colour: red\n",
		"id mismatch":   "id: other\nstart: q\nquestions: {}\n",
		"not yaml":      "id: [main\n",
	} {
		if _, err := flows.LoadFS(fstest.MapFS{"main.yaml": {Data: []byte(data)}}); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestDiagramsAreUpToDate(t *testing.T) {
	set, err := flows.Load()
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("DIAGRAMS.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(committed) != set.Diagrams() {
		t.Fatal("flows/DIAGRAMS.md is out of date: run go generate ./flows")
	}
}

// TestEventsFromFireAsAllEvents: at every question, a machine built from
// the question's own events ends where one built from all events does,
// for every event name of the flow.
func TestEventsFromFireAsAllEvents(t *testing.T) {
	set, err := flows.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range set.IDs() {
		f, _ := set.Flow(id)
		names := map[string]bool{}
		for _, e := range f.Events() {
			names[e.Name] = true
		}
		for q := range f.Questions {
			for name := range names {
				all := fsm.NewFSM(q, f.Events(), nil)
				own := fsm.NewFSM(q, f.EventsFrom(q), nil)
				errAll, errOwn := all.Event(t.Context(), name), own.Event(t.Context(), name)
				noAll, noOwn := errors.As(errAll, new(fsm.NoTransitionError)), errors.As(errOwn, new(fsm.NoTransitionError))
				if all.Current() != own.Current() || (errAll == nil) != (errOwn == nil) || noAll != noOwn {
					t.Errorf("%s at %s, event %s: all events lead to %q (err %v), own events to %q (err %v)",
						id, q, name, all.Current(), errAll, own.Current(), errOwn)
				}
			}
		}
	}
}
