package flows_test

import (
	"fmt"
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
	// The engine of this test knows only plain questions.
	plain := flows.Code{Views: map[string]flows.View{"": {Answers: true}}, Inputs: map[string][]string{"": nil}}
	problems := set.Lint(has, func(string) bool { return false }, plain)
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
	for _, p := range set.Lint(has, func(string) bool { return true }, plain) {
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

// code is what a small engine knows, for the lint tests.
var code = flows.Code{
	Views:   map[string]flows.View{"": {Answers: true}, "list": {Events: []string{"open"}}},
	Actions: map[string]flows.Action{"check": {Instead: []string{"retry"}}},
	Inputs:  map[string][]string{"": nil, "search": {"search"}},
	Entries: []string{"home"},
}

const unknownToCode = `id: main
start: home
questions:
  home:
    text: known
    view: list
    input: search
    entry: home
    events:
      open: {next: gallery, action: check}
      search: {stay: true}
      stray: {stay: true}
  gallery:
    text: known
    view: carousel
    input: voice
    entry: home
    answers:
      ok: {stay: true, label: known, action: launch}
  listed:
    text: known
    view: list
    entry: basement
    answers:
      ok: {stay: true, label: known}
    events:
      open: {next: home}
`

func TestLintCodeFindsWhatTheEngineDoesNotKnow(t *testing.T) {
	set, err := flows.LoadFS(fstest.MapFS{
		"main.yaml":   {Data: []byte(unknownToCode)},
		"guided.yaml": {Data: []byte("id: guided\nstart: q\nquestions:\n  q:\n    text: known\n    entry: home\n    answers:\n      a: {stay: true}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.LintCode(code) {
		got = append(got, p.String())
	}
	text := strings.Join(got, "\n")
	for _, want := range []string{
		`flows/main.yaml:5: action "check" fires event "retry", which "home" lacks`,
		`flows/main.yaml:12: event "stray" of "home" is fired by nothing`,
		`flows/main.yaml:14: view "carousel" of "gallery" is unknown to the engine`,
		`flows/main.yaml:14: input "voice" of "gallery" is unknown to the engine`,
		`flows/main.yaml:5: entry "home" of "home" is already the entry of "gallery"`,
		`flows/main.yaml:19: action "launch" of "ok" is unknown to the engine`,
		`flows/main.yaml:21: entry "basement" of "listed" is unknown to the engine`,
		`flows/main.yaml:21: view "list" of "listed" does not show its answers`,
		`flows/guided.yaml:5: question "q" has entry "home", but only the main flow has entries`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lint output lacks %q; got:\n%s", want, text)
		}
	}
	set, err = flows.LoadFS(fstest.MapFS{"main.yaml": {Data: []byte("id: main\nstart: q\nquestions:\n  q:\n    text: known\n    answers:\n      ok: {stay: true, label: known}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(set.LintCode(code)); !strings.Contains(got, `no question has entry "home", which the engine jumps to`) {
		t.Errorf("a missing entry: got %s", got)
	}
}
