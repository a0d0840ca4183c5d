package catalog

import (
	"strings"
	"time"

	"github.com/lotse-de/lotse/locales"
)

// SourceLang is the code of the source language of the catalog's texts,
// German (locales.Source); the other languages translate it.
const SourceLang = locales.Source

// Text is a text by language code ("de", "en"); YAML writes it as a map
// (de: "…", en: "…"). German, the source, is always there; the others are
// translations of it.
type Text map[string]string

// In returns the text in lang, falling back to the source language.
func (t Text) In(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	return t[SourceLang]
}

// Languages returns the codes of the languages of the embedded registry
// (locales/languages.toml), the source first: those every text needs.
func Languages() []string { return registryLangs() }

// Complete reports whether the text is there in every language of the
// registry (locales/languages.toml).
func (t Text) Complete() bool {
	for _, lang := range registryLangs() {
		if t[lang] == "" {
			return false
		}
	}
	return true
}

// IsZero reports whether the text is empty in every language.
func (t Text) IsZero() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// List is a list of items by language code. A translation has as many
// items as the German list, and they correspond one to one.
type List map[string][]string

// In returns the list in lang, falling back to the source language.
func (l List) In(lang string) []string {
	if items := l[lang]; len(items) > 0 {
		return items
	}
	return l[SourceLang]
}

// Service is one public service a citizen can ask for, as described in
// catalog/services/<id>.yaml.
type Service struct {
	ID    string `yaml:"id" json:"id"`
	LeiKa string `yaml:"leika,omitempty" json:"leika,omitempty"` // LeiKa key where known

	Name     Text `yaml:"name" json:"name"`
	Synonyms List `yaml:"synonyms" json:"synonyms"` // colloquial and alternative terms; the languages' lists may differ in length
	Summary  Text `yaml:"summary" json:"summary"`   // one or two sentences

	Description    Text `yaml:"description" json:"description"`
	Prerequisites  List `yaml:"prerequisites" json:"prerequisites"`
	Documents      List `yaml:"documents" json:"documents"`
	Costs          Text `yaml:"costs" json:"costs"`
	Deadline       Text `yaml:"deadline" json:"deadline"`
	ProcessingTime Text `yaml:"processing_time" json:"processing_time"`
	Procedure      List `yaml:"procedure" json:"procedure"`

	Forms      Forms     `yaml:"forms" json:"forms"`
	Online     *Online   `yaml:"online,omitempty" json:"online,omitempty"`
	LegalBasis []string  `yaml:"legal_basis" json:"legal_basis"`
	Situations []string  `yaml:"situations" json:"situations"`
	Authority  Authority `yaml:"authority" json:"authority"`
	Sources    []Source  `yaml:"sources" json:"sources"`
	Checked    Date      `yaml:"checked" json:"checked"` // the day the facts were last checked

	// Emergency marks help in danger (emergency numbers, helplines): search
	// shows the service first for any query that contains one of these
	// phrases, written folded ("haeusliche gewalt"); a word ending in "*"
	// also matches longer words ("suizid*" matches "Suizidgedanken").
	Emergency []string `yaml:"emergency,omitempty" json:"emergency,omitempty"`
}

// genericEmergency are the emergency phrases that name an emergency
// rather than a danger; see IsGenericEmergency.
var genericEmergency = map[string]bool{"notruf*": true, "notfall": true, "emergency": true}

// IsGenericEmergency reports whether the emergency phrase names an
// emergency rather than a danger ("notfall"). Services that are no help in
// danger use such words in their names too ("Notrufknopf", "emergency
// passport"), and there search lets them set off nothing.
func IsGenericEmergency(phrase string) bool {
	return genericEmergency[strings.TrimSpace(phrase)]
}

// Forms are the four form flags of a service page. A nil flag is unknown.
type Forms struct {
	Available           *bool `yaml:"available" json:"available"`                         // forms available
	WrittenFormRequired *bool `yaml:"written_form_required" json:"written_form_required"` // Schriftform erforderlich
	Informal            *bool `yaml:"informal" json:"informal"`                           // formloser Antrag möglich
	PersonalAppearance  *bool `yaml:"personal_appearance" json:"personal_appearance"`     // persönliches Erscheinen nötig
}

// Online is an online service for applying.
type Online struct {
	Name Text   `yaml:"name" json:"name"`
	URL  string `yaml:"url" json:"url"`
}

// Level is the administrative level of the competent authority.
type Level string

// The administrative levels, from the most local.
const (
	LevelGemeinde Level = "gemeinde" // municipality (or its Amt / Verwaltungsgemeinschaft)
	LevelKreis    Level = "kreis"    // district or district-free city
	LevelLand     Level = "land"     // a Land authority
	LevelBund     Level = "bund"     // a federal authority
)

// Authority says which kind of authority is competent for a service.
type Authority struct {
	Level      Level       `yaml:"level" json:"level"`
	Type       string      `yaml:"type" json:"type"` // an authority type key, see authorities.Types
	Note       Text        `yaml:"note,omitempty" json:"note,omitempty"`
	Exceptions []Exception `yaml:"exceptions,omitempty" json:"exceptions,omitempty"`
}

// Exception is a Land where another level or type is competent.
type Exception struct {
	Lands []string `yaml:"lands" json:"lands"` // two-digit Land keys, "01" Schleswig-Holstein … "16" Thüringen
	Level Level    `yaml:"level" json:"level"`
	Type  string   `yaml:"type" json:"type"`
	Note  Text     `yaml:"note,omitempty" json:"note,omitempty"`
}

// Source is where the facts of a service come from.
type Source struct {
	Title string `yaml:"title" json:"title"`
	URL   string `yaml:"url,omitempty" json:"url,omitempty"`
}

// Situation is a life situation that groups services.
type Situation struct {
	ID      string `yaml:"id" json:"id"`
	Name    Text   `yaml:"name" json:"name"`
	Summary Text   `yaml:"summary" json:"summary"`
	Flow    string `yaml:"flow,omitempty" json:"flow,omitempty"` // the guided flow for it, if any
}

// Date is a calendar day, written 2006-01-02.
type Date struct{ time.Time }

// UnmarshalText parses a day written 2006-01-02.
func (d *Date) UnmarshalText(b []byte) error {
	t, err := time.Parse(time.DateOnly, string(b))
	if err != nil {
		return err
	}
	d.Time = t
	return nil
}

// MarshalText writes the day as 2006-01-02.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.Format(time.DateOnly)), nil }
