package flows

import (
	"fmt"
	"slices"
)

// maxMenu is the longest "<flow>.<question>" plus answer id that fits in
// Telegram's 64-byte callback data beside a version and an argument.
const maxMenu = 40

// Problem is a defect found by Lint, at a line of a flow file.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("flows/%s:%d: %s", p.File, p.Line, p.Msg) }

// Code is what the dialog engine's Go code knows of flows: the views it
// renders, the actions it runs, the inputs it reads and the entries of the
// main flow it jumps to. Lint checks a flow against it, so that a flow that
// passes lint runs.
type Code struct {
	Views   map[string]View
	Actions map[string]Action
	Inputs  map[string][]string // the events each kind of input fires
	Entries []string            // each must be the entry of one question of the main flow
}

// View is what a renderer offers: the question's answers as choices, or
// not, and the events of the choices it makes itself.
type View struct {
	Answers bool
	Events  []string
}

// Action is what an action may do besides letting its event go on: fire
// one of Instead from the same question.
type Action struct {
	Instead []string
}

// Lint checks every flow: the start and every next question exist, every
// question can be reached, every answer leads somewhere, message ids exist
// (hasMessage), suggested services exist (hasService), and views, actions,
// inputs and entries are known to code (see LintCode).
func (s *Set) Lint(hasMessage, hasService func(id string) bool, code Code) []Problem {
	var problems []Problem
	for _, id := range s.IDs() {
		problems = append(problems, s.flows[id].lint(hasMessage, hasService)...)
	}
	return append(problems, s.LintCode(code)...)
}

// LintCode checks the flows against what the engine's code knows: every
// view, action, input and entry exists in code, the main flow has every
// entry of code once, every event that a view, an input or an action fires
// exists at its question, and every event and answer is fired by
// something.
func (s *Set) LintCode(code Code) []Problem {
	var problems []Problem
	for _, id := range s.IDs() {
		problems = append(problems, s.flows[id].lintCode(code)...)
	}
	main := s.flows[Main]
	for _, e := range code.Entries {
		if _, ok := main.entries[e]; !ok {
			problems = append(problems, Problem{main.File, 1, fmt.Sprintf("no question has entry %q, which the engine jumps to", e)})
		}
	}
	return problems
}

func (f *Flow) lintCode(code Code) []Problem {
	var problems []Problem
	add := func(line int, format string, args ...any) {
		problems = append(problems, Problem{f.File, line, fmt.Sprintf(format, args...)})
	}
	entries := map[string]string{}
	for _, q := range sortedKeys(f.Questions) {
		question := f.Questions[q]
		if e := question.Entry; e != "" {
			switch {
			case f.ID != Main:
				add(question.Line, "question %q has entry %q, but only the main flow has entries", q, e)
			case !slices.Contains(code.Entries, e):
				add(question.Line, "entry %q of %q is unknown to the engine", e, q)
			case entries[e] != "":
				add(question.Line, "entry %q of %q is already the entry of %q", e, q, entries[e])
			default:
				entries[e] = q
			}
		}
		view, knownView := code.Views[question.View]
		if !knownView {
			add(question.Line, "view %q of %q is unknown to the engine", question.View, q)
		}
		inputEvents, knownInput := code.Inputs[question.Input]
		if !knownInput {
			add(question.Line, "input %q of %q is unknown to the engine", question.Input, q)
		}
		// fired: the events something fires at q, and what fires them.
		fired := map[string]string{}
		for _, e := range view.Events {
			fired[e] = "view " + fmt.Sprintf("%q", question.View)
		}
		for _, e := range inputEvents {
			fired[e] = "input " + fmt.Sprintf("%q", question.Input)
		}
		for _, list := range []Answers{question.Answers, question.Events} {
			for _, a := range list {
				if a.Action == "" {
					continue
				}
				action, ok := code.Actions[a.Action]
				if !ok {
					add(a.Line, "action %q of %q is unknown to the engine", a.Action, a.ID)
					continue
				}
				for _, e := range action.Instead {
					fired[e] = "action " + fmt.Sprintf("%q", a.Action)
				}
			}
		}
		if knownView && len(question.Answers) > 0 && !view.Answers {
			add(question.Line, "view %q of %q does not show its answers", question.View, q)
		}
		for _, a := range question.Events {
			if _, ok := fired[a.ID]; !ok {
				add(a.Line, "event %q of %q is fired by nothing: not its view, input or actions", a.ID, q)
			}
		}
		for _, e := range sortedKeys(fired) {
			if _, ok := f.Answer(q, e); !ok {
				add(question.Line, "%s fires event %q, which %q lacks", fired[e], e, q)
			}
		}
	}
	return problems
}

func (f *Flow) lint(hasMessage, hasService func(id string) bool) []Problem {
	var problems []Problem
	add := func(line int, format string, args ...any) {
		problems = append(problems, Problem{f.File, line, fmt.Sprintf(format, args...)})
	}
	if _, ok := f.Questions[f.Start]; !ok {
		add(1, "start question %q does not exist", f.Start)
	}
	if f.ID != Main {
		if _, clash := f.Questions[Suggests]; clash {
			add(f.Questions[Suggests].Line, "question id %q is reserved", Suggests)
		}
	}
	reached := map[string]bool{f.Start: true}
	queue := []string{f.Start}
	for _, q := range sortedKeys(f.Questions) {
		if f.Questions[q].Entry != "" {
			reached[q] = true
			queue = append(queue, q)
		}
	}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		question, ok := f.Questions[q]
		if !ok {
			continue
		}
		for _, list := range []Answers{question.Answers, question.Events} {
			for _, a := range list {
				if a.Next != "" && !reached[a.Next] {
					reached[a.Next] = true
					queue = append(queue, a.Next)
				}
			}
		}
	}
	for _, q := range sortedKeys(f.Questions) {
		question := f.Questions[q]
		if !reached[q] {
			add(question.Line, "question %q cannot be reached from %q", q, f.Start)
		}
		if question.Text == "" {
			add(question.Line, "question %q has no text", q)
		} else if !hasMessage(question.Text) {
			add(question.Line, "message id %q is missing in a locale", question.Text)
		}
		if len(f.ID)+1+len(q) > maxMenu {
			add(question.Line, "question id %q is too long for callback data", q)
		}
		for _, a := range question.Answers {
			if label := f.Label(q, a); !hasMessage(label) {
				add(a.Line, "message id %q is missing in a locale", label)
			}
		}
		for _, list := range []Answers{question.Answers, question.Events} {
			for _, a := range list {
				f.lintAnswer(q, a, hasMessage, hasService, add)
			}
		}
	}
	return problems
}

func (f *Flow) lintAnswer(q string, a Answer, hasMessage, hasService func(string) bool, add func(int, string, ...any)) {
	targets := 0
	for _, set := range []bool{a.Next != "", len(a.Suggest) > 0, a.Enter, a.Stay} {
		if set {
			targets++
		}
	}
	switch {
	case targets == 0:
		add(a.Line, "answer %q of %q leads nowhere (next, suggest, enter or stay)", a.ID, q)
	case targets > 1:
		add(a.Line, "answer %q of %q has more than one of next, suggest, enter, stay", a.ID, q)
	}
	if a.Next != "" {
		if _, ok := f.Questions[a.Next]; !ok {
			add(a.Line, "answer %q of %q leads to %q, which does not exist", a.ID, q, a.Next)
		}
	}
	for _, s := range a.Suggest {
		if !hasService(s.Service) {
			add(a.Line, "answer %q of %q suggests %q, which the catalog lacks", a.ID, q, s.Service)
		}
		if s.Because == "" || !hasMessage(s.Because) {
			add(a.Line, "answer %q of %q: reason %q for %q is missing in a locale", a.ID, q, s.Because, s.Service)
		}
	}
	if len(a.ID) > 24 {
		add(a.Line, "answer id %q is too long for callback data", a.ID)
	}
}
