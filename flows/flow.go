// Package flows holds Lotse's conversations as data: one YAML file a flow
// (embedded), each a set of questions whose answers lead to another question
// or to suggested services. The loader compiles a flow to looplab/fsm
// events; the dialog engine builds one state machine a flow from them, whose
// callbacks run the actions and views the flow names. Lint finds dangling
// transitions, unreachable questions, missing message ids, unknown services
// and views, actions, inputs and entries the engine does not know (Code).
//
// main.yaml is the main conversation (language → place → concern →
// suggestions → service → authority); the others are guided flows for life
// situations.
package flows

//go:generate go run ./internal/diagrams

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/looplab/fsm"
	"go.yaml.in/yaml/v3"

	"github.com/lotse-de/lotse/internal/yamlfile"
)

//go:embed *.yaml
var files embed.FS

// Main is the id of the main conversation.
const Main = "main"

// Flow is one conversation.
type Flow struct {
	ID        string               `yaml:"id"`
	Start     string               `yaml:"start"`
	Questions map[string]*Question `yaml:"questions"`

	File    string            `yaml:"-"` // file name, for Lint
	events  fsm.Events        // compiled once by Load
	entries map[string]string // question by entry name
}

// Question is a state of a flow.
type Question struct {
	Text  string `yaml:"text"`  // message id of the question
	Input string `yaml:"input"` // how free input is read: "" (choices only), "place" or "search" (Code.Inputs)
	View  string `yaml:"view"`  // the renderer of the question (Code.Views); "" shows the text and the answers
	// Answers are shown as choices, in order. Events are transitions the
	// engine fires for the choices a view offers, for input and for
	// actions; they are not shown.
	Answers Answers `yaml:"answers"`
	Events  Answers `yaml:"events"`
	// Entry names the question as one the engine jumps to directly (for a
	// command, a deep link, the end of a guided flow; Code.Entries), so it
	// needs no way in. Only the main flow has entries.
	Entry string `yaml:"entry"`
	// Transient questions (the language, /forget) are not returned to by
	// /back.
	Transient bool `yaml:"transient"`

	Line int `yaml:"-"`
}

// Answer is a transition out of a question.
type Answer struct {
	ID      string       `yaml:"-"`
	Label   string       `yaml:"label"`   // message id; default flow.<flow>.<question>.<answer>
	Next    string       `yaml:"next"`    // the next question in this flow
	Enter   bool         `yaml:"enter"`   // enter the guided flow of the situation in the choice's argument
	Stay    bool         `yaml:"stay"`    // stay at the question (the engine shows something and asks again)
	Action  string       `yaml:"action"`  // run before the transition (Code.Actions); it may answer itself or fire another event
	Suggest []Suggestion `yaml:"suggest"` // end of a guided flow: these services, each with its reason
	Line    int          `yaml:"-"`
}

// Suggestion is a suggested service with the message id of the reason.
type Suggestion struct {
	Service string `yaml:"service"`
	Because string `yaml:"because"`
}

// Answers are the answers of a question in their order.
type Answers []Answer

// UnmarshalYAML reads a mapping of answer id to answer, keeping the order.
func (as *Answers) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: answers must be a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var a Answer
		if err := knownKeys(n.Content[i+1], "label", "next", "enter", "stay", "suggest", "action"); err != nil {
			return err
		}
		if err := n.Content[i+1].Decode(&a); err != nil {
			return err
		}
		a.ID = n.Content[i].Value
		a.Line = n.Content[i].Line
		*as = append(*as, a)
	}
	return nil
}

// UnmarshalYAML reads a question and remembers its line.
func (q *Question) UnmarshalYAML(n *yaml.Node) error {
	type plain Question
	if err := knownKeys(n, "text", "input", "view", "answers", "events", "entry", "transient"); err != nil {
		return err
	}
	if err := n.Decode((*plain)(q)); err != nil {
		return err
	}
	q.Line = n.Line
	return nil
}

// knownKeys fails on a mapping key that is not one of keys. Decoding
// inside UnmarshalYAML does not inherit the decoder's KnownFields.
func knownKeys(n *yaml.Node, keys ...string) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want a mapping", n.Line)
	}
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(keys, k.Value) {
			return fmt.Errorf("line %d: unknown field %q", k.Line, k.Value)
		}
	}
	return nil
}

// Suggests is the state a guided flow moves to when an answer suggests
// services; the engine then shows the suggestions of the main flow.
const Suggests = "suggest"

// Answer returns the answer or event id of question q.
func (f *Flow) Answer(q, id string) (Answer, bool) {
	question, ok := f.Questions[q]
	if !ok {
		return Answer{}, false
	}
	for _, list := range []Answers{question.Answers, question.Events} {
		for _, a := range list {
			if a.ID == id {
				return a, true
			}
		}
	}
	return Answer{}, false
}

// Label returns the message id of an answer's label.
func (f *Flow) Label(q string, a Answer) string {
	if a.Label != "" {
		return a.Label
	}
	return "flow." + f.ID + "." + q + "." + a.ID
}

// Events returns the flow's transitions as looplab/fsm events: one event
// per answer, named after the answer, from its question to the next one
// (or to Suggests, or to the question itself for Enter).
func (f *Flow) Events() fsm.Events { return f.events }

// Entry returns the question with the entry name (Question.Entry).
func (f *Flow) Entry(name string) (string, bool) {
	q, ok := f.entries[name]
	return q, ok
}

func (f *Flow) compile() {
	var events fsm.Events
	f.entries = map[string]string{}
	for _, q := range sortedKeys(f.Questions) {
		question := f.Questions[q]
		if question.Entry != "" {
			f.entries[question.Entry] = q
		}
		for _, list := range []Answers{question.Answers, question.Events} {
			for _, a := range list {
				e := fsm.EventDesc{Name: a.ID, Src: []string{q}, Dst: target(q, a)}
				events = append(events, e)
			}
		}
	}
	f.events = events
}

func target(q string, a Answer) string {
	switch {
	case a.Next != "":
		return a.Next
	case len(a.Suggest) > 0:
		return Suggests
	default:
		return q
	}
}

// Set is all flows by id. It is read-only and safe for concurrent use.
type Set struct {
	flows map[string]*Flow
}

// Load reads the embedded flows.
func Load() (*Set, error) { return LoadFS(files) }

// LoadFS reads every *.yaml in fsys.
func LoadFS(fsys fs.FS) (*Set, error) {
	set := &Set{flows: map[string]*Flow{}}
	err := yamlfile.Each(fsys, "*.yaml", nil, func(f *Flow) string { return f.ID }, func(name string, f *Flow) {
		f.File = name
		f.compile()
		set.flows[f.ID] = f
	})
	if err != nil {
		return nil, fmt.Errorf("flows: %w", err)
	}
	if _, ok := set.flows[Main]; !ok {
		return nil, fmt.Errorf("flows: no %s.yaml", Main)
	}
	return set, nil
}

// Flow returns the flow with the given id.
func (s *Set) Flow(id string) (*Flow, bool) {
	f, ok := s.flows[id]
	return f, ok
}

// IDs returns the ids of all flows, sorted.
func (s *Set) IDs() []string { return sortedKeys(s.flows) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
