// Package dialog is Lotse's conversation engine, independent of any
// channel. A channel adapter (telegram, console) turns what a user did into
// an Input and hands it to Engine.Handle, which loads the chat's Session
// from a Store, builds the flow's looplab/fsm at the session's state, fires
// the event for the input, asks the catalog, places and authorities, saves
// the session with a compare-and-set on its version, and returns localized
// Replies for the adapter to render.
//
// The engine knows nothing of Telegram or Redis; it defines the small
// interfaces it needs (Store, Places, Authorities, Messages) and consumes
// their implementations.
package dialog
