package dialog

import "time"

// MaxBack is how many steps /back can go back.
const MaxBack = 8

// Session is the state of one chat. It is small, holds no message texts and
// no names, and is saved with a compare-and-set on Version.
type Session struct {
	Chat       int64             `json:"-"`
	Version    int64             `json:"v"`           // 0 for a session never saved
	Lang       string            `json:"l,omitempty"` // "de" or "en"
	Flow       string            `json:"f,omitempty"` // flow id
	State      string            `json:"s,omitempty"` // question id in the flow
	Place      string            `json:"p,omitempty"` // ARS, 12 digits
	Service    string            `json:"sv,omitempty"`
	Answers    map[string]string `json:"a,omitempty"` // short keys: last search, place query, life situation, the answer that suggested services
	Back       []Step            `json:"b,omitempty"` // most recent last, at most MaxBack
	LastUpdate int64             `json:"u,omitempty"` // the last Telegram update id handled
	Updated    time.Time         `json:"t"`
}

// Step is a place in a flow that /back returns to.
type Step struct {
	Flow  string `json:"f"`
	State string `json:"s"`
}
