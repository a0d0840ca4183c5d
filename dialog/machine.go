package dialog

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/looplab/fsm"

	"github.com/lotse-de/lotse/flows"
)

// machine carries the conversation of one flow: looplab/fsm state machines
// built once from the flow's events, with callbacks that run the engine's
// actions and views. A turn takes a machine, sets it to the session's
// question, fires its event and gives it back; the callbacks get the turn
// and the choice's argument as the event's arguments:
//
//   - before_<event> runs the action of the answer at the question the
//     event leaves; an action that answers itself, fires another event or
//     finds the input stale cancels the event.
//   - enter_state moves the session to the question entered; in a guided
//     flow, enter_suggest moves it to the main flow's suggestions.
//   - after_event shows the question the session is at with its view.
type machine struct {
	flow      *flows.Flow
	views     map[string]viewFunc // by question
	callbacks fsm.Callbacks

	mu   sync.Mutex
	free []*fsm.FSM // machines not in use; their state is set on each use
}

// maxFree is how many idle state machines a flow keeps.
const maxFree = 64

// newMachine compiles f against the engine's views and actions.
func newMachine(f *flows.Flow) (*machine, error) {
	m := &machine{flow: f, views: map[string]viewFunc{}}
	acts := map[string]map[string]actionFunc{} // by event, then question
	for q, question := range f.Questions {
		v, ok := views[question.View]
		if !ok {
			return nil, fmt.Errorf("dialog: flow %s, question %s: unknown view %q", f.ID, q, question.View)
		}
		m.views[q] = v.render
		for _, list := range []flows.Answers{question.Answers, question.Events} {
			for _, a := range list {
				if a.Action == "" {
					continue
				}
				act, ok := actions[a.Action]
				if !ok {
					return nil, fmt.Errorf("dialog: flow %s, question %s, answer %s: unknown action %q", f.ID, q, a.ID, a.Action)
				}
				if acts[a.ID] == nil {
					acts[a.ID] = map[string]actionFunc{}
				}
				acts[a.ID][q] = act.run
			}
		}
	}
	m.callbacks = fsm.Callbacks{
		"enter_state": func(_ context.Context, e *fsm.Event) {
			if e.Dst != flows.Suggests || f.ID == flows.Main {
				turnOf(e).move(f.ID, e.Dst)
			}
		},
		"after_event": func(_ context.Context, e *fsm.Event) {
			t := turnOf(e)
			t.out = t.render()
		},
	}
	if f.ID != flows.Main {
		m.callbacks["enter_"+flows.Suggests] = func(_ context.Context, e *fsm.Event) {
			// Suggestions belong to the main flow; /back returns to the
			// question.
			t := turnOf(e)
			t.setAnswer(keySuggest, f.ID+"."+e.Src+"."+e.Event)
			t.moveTo(entrySuggestions)
		}
	}
	for event, byQuestion := range acts {
		m.callbacks["before_"+event] = func(_ context.Context, e *fsm.Event) {
			act, ok := byQuestion[e.Src]
			if !ok {
				return
			}
			t := turnOf(e)
			arg, _ := e.Args[1].(string)
			r := act(t, e.Event, arg)
			switch {
			case r.stale:
				t.out = t.stale()
			case r.instead != "":
				t.instead = r.instead
			case r.replies != nil:
				t.out = r.replies
			default:
				return
			}
			e.Cancel()
		}
	}
	return m, nil
}

// turnOf returns the turn that fired e.
func turnOf(e *fsm.Event) *turn { return e.Args[0].(*turn) }

func (m *machine) get() *fsm.FSM {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.free); n > 0 {
		sm := m.free[n-1]
		m.free = m.free[:n-1]
		return sm
	}
	return fsm.NewFSM(m.flow.Start, m.flow.Events(), m.callbacks)
}

func (m *machine) put(sm *fsm.FSM) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.free) < maxFree {
		m.free = append(m.free, sm)
	}
}

// maxInstead is how many times in a turn an action may fire another event
// instead of its own, so that a flow whose actions fire each other ends.
const maxInstead = 2

// fire fires an event with its argument at the session's question and
// returns what the callbacks answered: the question the event led to, or
// the action's own answer. An event the question does not have is stale.
func (t *turn) fire(event, arg string) []Reply {
	for range maxInstead + 1 {
		m, ok := t.e.machines[t.s.Flow]
		if !ok {
			return t.stale()
		}
		sm := m.get()
		sm.SetState(t.s.State)
		t.out, t.instead = nil, ""
		err := sm.Event(t.ctx, event, t, arg)
		m.put(sm)
		if t.instead != "" {
			event, arg = t.instead, ""
			continue
		}
		if err != nil && !errors.As(err, new(fsm.NoTransitionError)) && !errors.As(err, new(fsm.CanceledError)) {
			return t.stale()
		}
		return t.out
	}
	return t.stale()
}
