package dialog_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/store/memory"
)

// guidedMoney replaces the money flow: other questions, other answers,
// other suggestions, all written here and run with no change to the code.
const guidedMoney = `id: money
start: first
questions:
  first:
    text: flow.money.age
    answers:
      working_age: {next: second, label: flow.money.age.working_age}
      pension_age:
        label: flow.money.age.pension_age
        suggest:
          - {service: wohngeld, because: flow.money.why.wohngeld_pension}
  second:
    text: flow.money.can_work
    answers:
      "yes":
        label: flow.money.can_work.yes
        suggest:
          - {service: buergergeld, because: flow.money.why.buergergeld}
`

// renamed are new names for every question of main.yaml.
var renamed = map[string]string{
	"language": "sprache", "place": "wohnort", "place_pick": "auswahl", "concern": "anliegen",
	"situation": "lage", "results": "treffer", "suggestions": "vorschlaege", "service": "leistung",
	"authority": "behoerde", "forget": "vergessen",
}

var (
	questionKey = regexp.MustCompile(`(?m)^  (\w+):$`)
	startOrNext = regexp.MustCompile(`(start|next): (\w+)`)
)

// renameQuestions renames the questions of a flow file: their keys, the
// start and every next, but not entries, views or message ids.
func renameQuestions(yaml string, keys, refs bool) string {
	if keys {
		yaml = questionKey.ReplaceAllStringFunc(yaml, func(s string) string {
			q := questionKey.FindStringSubmatch(s)[1]
			return "  " + renamed[q] + ":"
		})
	}
	if refs {
		yaml = startOrNext.ReplaceAllStringFunc(yaml, func(s string) string {
			m := startOrNext.FindStringSubmatch(s)
			return m[1] + ": " + renamed[m[2]]
		})
	}
	return yaml
}

// flowSet loads the embedded flows with main.yaml and money.yaml replaced.
func flowSet(t *testing.T, main, money string) *flows.Set {
	t.Helper()
	fsys := fstest.MapFS{"main.yaml": {Data: []byte(main)}, "money.yaml": {Data: []byte(money)}}
	set, err := flows.LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func engineWith(t *testing.T, set *flows.Set) (*dialog.Engine, error) {
	t.Helper()
	engine(t, memory.New()) // loads parts
	p := *parts
	p.Flows = set
	return p.Engine(memory.New(), app.Options{
		Now: func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

func mainYAML(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../flows/main.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// lint runs lotse lint's check of the flows.
func lint(set *flows.Set) []flows.Problem {
	hasService := func(id string) bool { _, ok := parts.Catalog.Service(id); return ok }
	return set.Lint(parts.Messages.Has, hasService, dialog.Code())
}

// TestFlowsFromYAMLRun plays a conversation through flows written in the
// test: main.yaml with every question renamed and a new money flow. The
// fsm's callbacks run the actions the YAML names (place, guide, open,
// authority, language) and the views it names.
func TestFlowsFromYAMLRun(t *testing.T) {
	set := flowSet(t, renameQuestions(mainYAML(t), true, true), guidedMoney)
	e, err := engineWith(t, set)
	if err != nil {
		t.Fatal(err)
	}
	if problems := lint(set); len(problems) > 0 {
		t.Fatalf("lint: %v", problems)
	}
	const chat = 1
	steps := []struct {
		in       dialog.Input
		menu     string
		contains string
	}{
		{command(chat, 1, "start", ""), "main.wohnort", "Wo wohnen Sie"},
		{text(chat, 2, "Eisenberg"), "main.auswahl", "[pick:160745052018]"},
		{choice(chat, 3, "main.auswahl", "pick:160745052018"), "main.anliegen", "[guide:geld]"},
		{choice(chat, 4, "main.anliegen", "guide:geld"), "money.first", "[pension_age]"},
		{choice(chat, 5, "money.first", "working_age"), "money.second", "[yes]"},
		{choice(chat, 6, "money.second", "yes"), "main.vorschlaege", "[open:buergergeld]"},
		{command(chat, 7, "back", ""), "money.second", "[yes]"},
		{command(chat, 8, "back", ""), "money.first", "[pension_age]"},
		{choice(chat, 9, "money.first", "pension_age"), "main.vorschlaege", "[open:wohngeld]"},
		{choice(chat, 10, "main.vorschlaege", "open:wohngeld"), "main.leistung", "[section:costs]"},
		{choice(chat, 11, "main.leistung", "section:costs"), "main.leistung", "Kosten"},
		{choice(chat, 12, "main.leistung", "authority"), "main.behoerde", "[service]"},
		{command(chat, 13, "language", ""), "main.sprache", "[choose:en]"},
		{choice(chat, 14, "main.sprache", "choose:en"), "main.anliegen", "What do you need help with?"},
		{text(chat, 15, "Wohngeld"), "main.treffer", "[open:wohngeld]"},
		{command(chat, 16, "forget", ""), "main.vergessen", "[yes]"},
	}
	for _, s := range steps {
		got := say(t, e, s.in)
		if len(got) == 0 || got[len(got)-1].Menu != s.menu || !strings.Contains(all(got), s.contains) {
			var menu string
			if len(got) > 0 {
				menu = got[len(got)-1].Menu
			}
			t.Fatalf("%+v: got menu %q and\n%s\nwant menu %q with %q", s.in, menu, all(got), s.menu, s.contains)
		}
	}
	if got := all(say(t, e, choice(chat, 17, "main.vergessen", "yes"))); !strings.Contains(got, "gelöscht") && !strings.Contains(got, "deleted") {
		t.Fatalf("forget: got %s", got)
	}
}

// TestRenamingAQuestionWorksOrFailsLint: a question of main.yaml renamed
// with its references works (TestFlowsFromYAMLRun); renamed without them,
// or without its entry, it fails lint, and the engine refuses a flow whose
// entries, views or actions it does not know.
func TestRenamingAQuestionWorksOrFailsLint(t *testing.T) {
	engine(t, memory.New()) // loads parts
	main := mainYAML(t)
	set := flowSet(t, renameQuestions(main, true, false), guidedMoney)
	if got := fmtProblems(lint(set)); !strings.Contains(got, `leads to "concern", which does not exist`) {
		t.Errorf("keys renamed, references not: lint says\n%s", got)
	}
	for name, broken := range map[string]string{
		"entry removed": strings.Replace(main, "entry: concern # /restart", "", 1),
		"view renamed":  strings.Replace(main, "view: situations", "view: topics", 1),
		"action typo":   strings.Replace(main, "action: guide", "action: gide", 1),
		"event renamed": strings.Replace(main, "then_authority: {next: authority}", "found_then_authority: {next: authority}", 1),
	} {
		set := flowSet(t, broken, guidedMoney)
		if problems := lint(set); len(problems) == 0 {
			t.Errorf("%s: lint passes", name)
		}
		if _, err := engineWith(t, set); err == nil {
			t.Errorf("%s: the engine starts", name)
		}
	}
}

func fmtProblems(problems []flows.Problem) string {
	var b strings.Builder
	for _, p := range problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// TestConcurrentChatsShareTheMachines: chats played at once, on the state
// machines the engine built once, each end where one played alone does
// (run with -race).
func TestConcurrentChatsShareTheMachines(t *testing.T) {
	e := engine(t, memory.New())
	script := []struct{ in dialog.Input }{
		{command(0, 1, "start", "")},
		{text(0, 2, "07607")},
		{choice(0, 3, "", "pick:160745052018")},
		{choice(0, 4, "", "guide:geld")},
		{choice(0, 5, "", "working_age")},
		{choice(0, 6, "", "yes")},
		{choice(0, 7, "", "with_children")},
		{choice(0, 8, "", "yes")},
	}
	var wg sync.WaitGroup
	menus := make([]string, 16)
	for i := range menus {
		wg.Go(func() {
			var got []dialog.Reply
			for _, s := range script {
				in := s.in
				in.Chat = int64(1000 + i)
				var err error
				if got, err = e.Handle(context.Background(), in); err != nil {
					t.Error(err)
					return
				}
			}
			if len(got) > 0 && strings.Contains(all(got), "[open:kinderzuschlag]") {
				menus[i] = got[len(got)-1].Menu
			}
		})
	}
	wg.Wait()
	for i, m := range menus {
		if m != "main.suggestions" {
			t.Errorf("chat %d ended at %q, want main.suggestions with Kinderzuschlag", i, m)
		}
	}
}
