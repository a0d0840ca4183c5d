// Package dialog is Lotse's conversation engine, independent of any
// channel. A channel adapter (telegram, console) turns what a user did into
// an Input and hands it to Engine.Handle, which loads the chat's Session
// from a Store, sets the flow's looplab/fsm (built once, at NewEngine) to
// the session's state, fires the event for the input, asks the catalog,
// places and authorities, saves the session with a compare-and-set on its
// version, and returns localized Replies for the adapter to render.
//
// The fsm carries the conversation: its callbacks run the actions
// (actions.go) that a flow's answers name and show each question with the
// view (render.go) it names; questions the engine jumps to are found by
// their entry, never by name. Code lists all of these for lotse lint, so a
// flow that lint accepts runs (see machine.go).
//
// The engine knows nothing of Telegram or Redis; it defines the small
// interfaces it needs (Store, Places, Authorities, Messages) and consumes
// their implementations.
package dialog
