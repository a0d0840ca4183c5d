package flows

import "fmt"

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

// Lint checks every flow: the start and every next question exist, every
// question can be reached, every answer leads somewhere, message ids exist
// (hasMessage) and suggested services exist (hasService).
func (s *Set) Lint(hasMessage, hasService func(id string) bool) []Problem {
	var problems []Problem
	for _, id := range s.IDs() {
		problems = append(problems, s.flows[id].lint(hasMessage, hasService)...)
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
		if f.Questions[q].Entry {
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
