package authorities

import (
	"time"

	"github.com/lotse-de/lotse/catalog"
)

// Record is a real authority as kept in authorities/directory/*.yaml.
// Every field comes from a source; unknown fields stay empty.
type Record struct {
	ID         string         `yaml:"id" json:"id"`
	Name       string         `yaml:"name" json:"name"`             // e.g. "Landratsamt Saale-Holzland-Kreis"
	Department string         `yaml:"department" json:"department"` // e.g. "Sozialamt"
	Visitor    *Address       `yaml:"visitor" json:"visitor,omitempty"`
	Postal     *Address       `yaml:"postal" json:"postal,omitempty"` // may be a PO box
	Phone      string         `yaml:"phone" json:"phone,omitempty"`
	Fax        string         `yaml:"fax" json:"fax,omitempty"`
	Email      string         `yaml:"email" json:"email,omitempty"`
	Web        string         `yaml:"web" json:"web,omitempty"`
	Lat        float64        `yaml:"lat" json:"lat,omitempty"`
	Lon        float64        `yaml:"lon" json:"lon,omitempty"`
	Hours      Hours          `yaml:"hours" json:"hours"`
	Transport  catalog.Text   `yaml:"transport" json:"transport"`
	Parking    []Parking      `yaml:"parking" json:"parking,omitempty"`
	Land       string         `yaml:"land" json:"land"`           // two-digit Land key, for public holidays
	Competent  []Scope        `yaml:"competent" json:"competent"` // what it is competent for, where
	Source     catalog.Source `yaml:"source" json:"source"`
	Checked    catalog.Date   `yaml:"checked" json:"checked"`
}

// Address is a postal or visitor address. POBox is set for a Postfach.
type Address struct {
	Street   string `yaml:"street" json:"street,omitempty"`
	POBox    string `yaml:"pobox" json:"pobox,omitempty"`
	Postcode string `yaml:"postcode" json:"postcode"`
	City     string `yaml:"city" json:"city"`
}

// Parking is a kind of parking near an authority.
type Parking struct {
	Kind   string `yaml:"kind" json:"kind"`     // "standard" or "disabled"
	Number int    `yaml:"number" json:"number"` // 0 when unknown
	Fee    *bool  `yaml:"fee" json:"fee"`       // nil when unknown
}

// Scope says that a record is competent for some services in some areas.
type Scope struct {
	Services []string `yaml:"services" json:"services"` // service ids; empty means by authority type
	Types    []string `yaml:"types" json:"types"`       // authority type keys
	Areas    []string `yaml:"areas" json:"areas"`       // ARS prefixes: "16074" a district, a full ARS a municipality
}

// Hours are office hours as data.
type Hours struct {
	Weekly        []Interval     `yaml:"weekly" json:"weekly"`                 // regular opening intervals
	ByAppointment []time.Weekday `yaml:"by_appointment" json:"by_appointment"` // days open by appointment only
	Note          catalog.Text   `yaml:"note" json:"note"`
}

// Interval is an opening interval on one weekday, in Europe/Berlin time.
type Interval struct {
	Day   time.Weekday `yaml:"day" json:"day"`
	Open  Clock        `yaml:"open" json:"open"`
	Close Clock        `yaml:"close" json:"close"`
}

// Clock is a time of day in minutes after midnight, written "08:30".
type Clock int
