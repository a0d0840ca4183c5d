package dialog

import (
	"slices"
	"time"
)

// MaxBack is how many steps /back can go back.
const MaxBack = 8

// Session is the state of one chat. It is small, holds no message texts and
// no names, and is saved with a compare-and-set on Version.
type Session struct {
	Chat       int64             `json:"-"`
	Version    int64             `json:"v"`           // 0 for a session never saved
	Lang       string            `json:"l,omitempty"` // a language code of locales/languages.toml
	Flow       string            `json:"f,omitempty"` // flow id
	State      string            `json:"s,omitempty"` // question id in the flow
	Place      string            `json:"p,omitempty"` // ARS, 12 digits
	Service    string            `json:"sv,omitempty"`
	Answers    map[string]string `json:"a,omitempty"` // short keys: last search, place query, life situation, the answer that suggested services
	Back       []Step            `json:"b,omitempty"` // most recent last, at most MaxBack
	LastUpdate int64             `json:"u,omitempty"` // the highest Telegram update id handled
	Recent     []int64           `json:"r,omitempty"` // other update ids handled lately, at most MaxRecent
	Updated    time.Time         `json:"t"`

	// Outgoing, when set, are replies that Store.Save keeps in the chat's
	// outbox together with the session, in one atomic write. Load leaves
	// it nil: the outbox is read through the store's Outbox methods.
	Outgoing *Outgoing `json:"-"`
}

// MaxRecent is how many update ids besides the highest a session
// remembers, so that an update that arrives after a newer one of the same
// chat is still handled, and one handled before is not handled again.
const MaxRecent = 4

// Handled reports whether the session has handled the update id.
func (s *Session) Handled(updateID int64) bool {
	return updateID != 0 && (updateID == s.LastUpdate || slices.Contains(s.Recent, updateID))
}

// MarkHandled records an update id as handled.
func (s *Session) MarkHandled(updateID int64) {
	switch {
	case updateID == 0 || s.Handled(updateID):
		return
	case updateID > s.LastUpdate:
		if s.LastUpdate != 0 {
			s.Recent = append(s.Recent, s.LastUpdate)
		}
		s.LastUpdate = updateID
	default:
		s.Recent = append(s.Recent, updateID)
	}
	if len(s.Recent) > MaxRecent {
		s.Recent = s.Recent[len(s.Recent)-MaxRecent:]
	}
}

// Step is a place in a flow that /back returns to.
type Step struct {
	Flow  string `json:"f"`
	State string `json:"s"`
}
