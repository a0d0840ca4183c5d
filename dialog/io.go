package dialog

import "slices"

// Kind is the kind of an Input.
type Kind int

// The kinds of input.
const (
	KindText     Kind = iota // free text
	KindChoice               // a tapped or typed choice from a menu
	KindLocation             // a shared location
	KindCommand              // a /command
)

// String names the kind for labels and logs: text, choice, location,
// command, or other.
func (k Kind) String() string {
	switch k {
	case KindText:
		return "text"
	case KindChoice:
		return "choice"
	case KindLocation:
		return "location"
	case KindCommand:
		return "command"
	}
	return "other"
}

// Input is one thing a user did, independent of the channel.
type Input struct {
	Chat     int64
	UpdateID int64 // the channel's id of the update, 0 when it has none
	Kind     Kind
	Text     string // KindText: the text; KindCommand: the argument after the command
	Command  string // KindCommand: the command without the slash, e.g. "start"
	Choice   string // KindChoice: the event of the chosen Choice
	Menu     string // KindChoice: the Reply.Menu the choice came from
	Lat, Lon float64
	LangHint string // the user's language as the channel reports it, e.g. "en-US"
	// Keep asks the engine to save the turn's replies with the session, in
	// the chat's outbox (Session.Outgoing), and to return none: the
	// channel sends them from the outbox. It needs an UpdateID.
	Keep bool
}

// Reply is one message to the user. Its texts are localized and plain;
// channels escape them as they render, and render their own texts (a
// button to share the location, say) in its Lang.
type Reply struct {
	Lang            string // the language code of the texts, the session's
	Blocks          []Block
	Choices         []Choice
	Menu            string // identifies the menu the choices belong to
	RequestLocation bool   // offer a button to share the location
	Venue           *Venue
	Contact         *Contact
}

// Block is a paragraph with an optional title and bullet items.
type Block struct {
	Title string
	Text  string
	Items []string
	// Redacted, when set, is Text without the user's own words that Text
	// shows back (a search, a place typed): what a store keeps instead.
	Redacted string `json:"-"`
}

// Redact returns replies with every block's Redacted text in place of its
// Text, so that replies kept for later hold none of the user's words
// (names, phone numbers typed into a search). replies is not changed.
func Redact(replies []Reply) []Reply {
	out := slices.Clone(replies)
	for i, r := range out {
		if !slices.ContainsFunc(r.Blocks, func(b Block) bool { return b.Redacted != "" }) {
			continue
		}
		blocks := slices.Clone(r.Blocks)
		for j, b := range blocks {
			if b.Redacted != "" {
				blocks[j].Text, blocks[j].Redacted = b.Redacted, ""
			}
		}
		out[i].Blocks = blocks
	}
	return out
}

// Choice is an answer the user can pick.
type Choice struct {
	Event string // sent back as Input.Choice
	Label string
}

// Venue is a place on a map.
type Venue struct {
	Lat, Lon float64
	Title    string
	Address  string
}

// Contact is a phone number to call.
type Contact struct {
	Phone string
	Name  string
}
