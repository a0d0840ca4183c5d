package authorities

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/lotse-de/lotse/catalog"
	"golang.org/x/text/encoding/ianaindex"
)

// Limits for ImportXZuFi, so that a hostile message cannot exhaust memory.
const (
	maxXZuFiBytes   = 64 << 20
	maxXZuFiRecords = 100_000
)

// XZuFi code lists used by the import.
const (
	// urn:xoev-de:fim:codeliste:xzufi.anschrifttyp
	anschriftHaus       = "001"
	anschriftBesucher   = "002"
	anschriftPostfach   = "003"
	anschriftGrosspost  = "004"
	anschriftLieferung  = "005"
	anschriftPostanschr = "006"
	// urn:de:xoev:codeliste:erreichbarkeit
	kanalEmail   = "01"
	kanalTelefon = "02"
	kanalMobil   = "03"
	kanalFax     = "04"
	kanalWeb     = "09"
)

// xCode is an XÖV code value: an unqualified <code> child, with listURI.
type xCode struct {
	ListURI string `xml:"listURI,attr"`
	Code    string `xml:"code"`
}

// xIdent is an XZuFi identifier with its scheme attributes.
type xIdent struct {
	SchemeAgencyID string `xml:"schemeAgencyID,attr"`
	SchemeID       string `xml:"schemeID,attr"`
	Value          string `xml:",chardata"`
}

type xLangText struct {
	Lang  string `xml:"languageCode,attr"`
	Value string `xml:",chardata"`
}

// xOrgName is the name of an Organisationseinheit: one name per language.
type xOrgName struct {
	Names []xLangText `xml:"name"`
	Text  string      `xml:",chardata"`
}

type xAnschrift struct {
	Typ             xCode      `xml:"typ"`
	Strasse         string     `xml:"strasse"`
	Hausnummer      string     `xml:"hausnummer"`
	Postfach        string     `xml:"postfach"`
	Postleitzahl    string     `xml:"postleitzahl"`
	Ort             string     `xml:"ort"`
	Oeffnungszeiten []xRawText `xml:"oeffnungszeiten"`
}

type xKommunikation struct {
	Kanal   xCode  `xml:"kanal"`
	Kennung string `xml:"kennung"`
	Zusatz  string `xml:"zusatz"`
}

type xInternetadresse struct {
	URI string `xml:"uri"`
}

// xRawText keeps the inner markup of an element, whatever its children.
type xRawText struct {
	Inner string `xml:",innerxml"`
}

type xZustaendigkeit struct {
	LeistungID []xIdent `xml:"leistungID"`
	GebietID   []xIdent `xml:"gebietID"`
}

type xOrganisationseinheit struct {
	ID                   xIdent             `xml:"id"`
	Name                 xOrgName           `xml:"name"`
	Anschrift            []xAnschrift       `xml:"anschrift"`
	Kommunikation        []xKommunikation   `xml:"kommunikation"`
	Kommunikationssystem []xKommunikation   `xml:"kommunikationssystem"`
	Internetadresse      []xInternetadresse `xml:"internetadresse"`
	Oeffnungszeiten      []xRawText         `xml:"oeffnungszeiten"`
	Zustaendigkeit       []xZustaendigkeit  `xml:"zustaendigkeit"`
}

type xLeistung struct {
	ID            xIdent `xml:"id"`
	ReferenzLeiKa xCode  `xml:"referenzLeiKa"`
}

type xNachrichtenkopf struct {
	Sender            string `xml:"sender"`
	Absender          string `xml:"absender"`
	ErstelltDatumZeit string `xml:"erstelltDatumZeit"`
}

// ImportXZuFi reads an XZuFi 2.x message (namespace
// http://xoev.de/schemata/xzufi/2_2_0 or another 2.x one) and returns one
// Record per Organisationseinheit that has at least one Zustaendigkeit with
// a Gebiet. It reads:
//
//   - the name (name/name, German first) and id (id, with schemeAgencyID);
//   - anschrift by typ (urn:xoev-de:fim:codeliste:xzufi.anschrifttyp):
//     001/002 visitor address, 003/004/006 postal address (postfach);
//   - kommunikation by kanal (urn:de:xoev:codeliste:erreichbarkeit):
//     01 e-mail, 02 (or 03) phone, 04 fax, 09 web; internetadresse/uri;
//   - oeffnungszeiten as text, read with ParseHoursText;
//   - zustaendigkeit: leistungID, resolved to the LeiKa key of the message's
//     leistung with that id (referenzLeiKa), or taken as a LeiKa key itself
//     when it is one; gebietID as an ARS (trailing zero levels dropped).
//
// The element names follow public XZuFi 2.2 material: organisationseinheit,
// id, name/name, zustaendigkeit/leistungID/gebietID, leistung/referenzLeiKa,
// nachrichtenkopf and the anschrifttyp and erreichbarkeit code lists are
// attested there. The inner names of anschrift and kommunikation are those of
// the XÖV core components (strasse, hausnummer, postfach, postleitzahl, ort;
// kanal, kennung, zusatz); kommunikationssystem, internetadresse and
// oeffnungszeiten (read as text, whatever its children) could not be checked
// against the XSD and are read where they occur. A structured Zeitserie for
// opening hours is not read.
//
// The source of each record is the sender of the message and its date the
// message's erstelltDatumZeit. Elements are matched by local name, so the
// prefix does not matter. It returns an error wrapping ErrInvalidXZuFi for
// malformed XML or a message without any Organisationseinheit; records it
// cannot complete are skipped, never guessed.
func ImportXZuFi(r io.Reader) ([]Record, error) {
	dec := xml.NewDecoder(io.LimitReader(r, maxXZuFiBytes))
	dec.Strict = true
	dec.CharsetReader = charsetReader
	var (
		orgs    []xOrganisationseinheit
		leika   = map[string]string{} // leistung id -> LeiKa key
		kopf    xNachrichtenkopf
		sawRoot bool
	)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidXZuFi, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !sawRoot {
			sawRoot = true
			if !strings.Contains(se.Name.Space, "xzufi") {
				return nil, fmt.Errorf("%w: root element %q is not in an XZuFi namespace", ErrInvalidXZuFi, se.Name.Local)
			}
			continue
		}
		switch se.Name.Local {
		case "nachrichtenkopf":
			if err := dec.DecodeElement(&kopf, &se); err != nil {
				return nil, fmt.Errorf("%w: nachrichtenkopf: %w", ErrInvalidXZuFi, err)
			}
		case "organisationseinheit", "ergebnisOrganisationseinheit":
			if len(orgs) >= maxXZuFiRecords {
				return nil, fmt.Errorf("%w: more than %d organisation units", ErrInvalidXZuFi, maxXZuFiRecords)
			}
			var o xOrganisationseinheit
			if err := dec.DecodeElement(&o, &se); err != nil {
				return nil, fmt.Errorf("%w: organisationseinheit: %w", ErrInvalidXZuFi, err)
			}
			orgs = append(orgs, o)
		case "leistung", "ergebnisLeistung":
			var l xLeistung
			if err := dec.DecodeElement(&l, &se); err != nil {
				return nil, fmt.Errorf("%w: leistung: %w", ErrInvalidXZuFi, err)
			}
			if id, key := strings.TrimSpace(l.ID.Value), strings.TrimSpace(l.ReferenzLeiKa.Code); id != "" && isLeiKaKey(key) {
				leika[id] = key
			}
		}
	}
	if len(orgs) == 0 {
		return nil, fmt.Errorf("%w: no organisationseinheit", ErrInvalidXZuFi)
	}
	source := catalog.Source{Title: strings.TrimSpace(cmp.Or(kopf.Sender, kopf.Absender, "XZuFi"))}
	var checked catalog.Date
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(kopf.ErstelltDatumZeit)); err == nil {
		checked.Time = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	} else if t, err := time.Parse(time.DateOnly, strings.TrimSpace(kopf.ErstelltDatumZeit)); err == nil {
		checked.Time = t
	}

	var out []Record
	seen := map[string]bool{}
	for _, o := range orgs {
		rec, ok := o.record(leika)
		if !ok || seen[rec.ID] {
			continue
		}
		seen[rec.ID] = true
		rec.Source, rec.Checked = source, checked
		if checked.IsZero() || rec.Validate() != nil {
			continue
		}
		out = append(out, rec)
	}
	return out, nil
}

// charsetReader decodes a message declared in another encoding than UTF-8,
// such as ISO-8859-15, by its IANA name.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return enc.NewDecoder().Reader(in), nil
}

// record turns an Organisationseinheit into a Record; false when it has no
// name, no id or no competence with an area.
func (o xOrganisationseinheit) record(leika map[string]string) (Record, bool) {
	var r Record
	r.ID = recordID(o.ID)
	r.Name = o.Name.german()
	if r.ID == "" || r.Name == "" {
		return r, false
	}

	for _, a := range o.Anschrift {
		addr := &Address{
			Street:   clean(strings.TrimSpace(clean(a.Strasse) + " " + clean(a.Hausnummer))),
			POBox:    clean(a.Postfach),
			Postcode: clean(a.Postleitzahl),
			City:     clean(a.Ort),
		}
		if addr.City == "" && addr.Postcode == "" {
			continue
		}
		switch typ := strings.TrimSpace(a.Typ.Code); {
		case typ == anschriftBesucher, typ == anschriftHaus && r.Visitor == nil:
			if addr.POBox == "" {
				r.Visitor = addr
			}
		case typ == anschriftPostfach, typ == anschriftGrosspost, typ == anschriftPostanschr:
			if r.Postal == nil {
				r.Postal = addr
			}
		case typ == anschriftLieferung:
		case addr.POBox != "" && r.Postal == nil:
			r.Postal = addr
		case addr.POBox == "" && r.Visitor == nil:
			r.Visitor = addr
		}
		o.Oeffnungszeiten = append(o.Oeffnungszeiten, a.Oeffnungszeiten...)
	}

	for _, k := range slices.Concat(o.Kommunikation, o.Kommunikationssystem) {
		v := clean(k.Kennung)
		if v == "" {
			continue
		}
		switch strings.TrimSpace(k.Kanal.Code) {
		case kanalTelefon, kanalMobil:
			r.Phone = cmp.Or(r.Phone, v)
		case kanalFax:
			r.Fax = cmp.Or(r.Fax, v)
		case kanalEmail:
			r.Email = cmp.Or(r.Email, v)
		case kanalWeb:
			r.Web = cmp.Or(r.Web, v)
		}
	}
	for _, ia := range o.Internetadresse {
		r.Web = cmp.Or(r.Web, clean(ia.URI))
	}

	var texts []string
	for _, oz := range o.Oeffnungszeiten {
		if t := strings.TrimSpace(oz.text()); t != "" {
			texts = append(texts, t)
		}
	}
	if len(texts) > 0 {
		r.Hours = ParseHoursText(strings.Join(texts, "\n"))
	}

	for _, z := range o.Zustaendigkeit {
		var s Scope
		for _, id := range z.LeistungID {
			v := strings.TrimSpace(id.Value)
			if key, ok := leika[v]; ok {
				v = key
			}
			if isLeiKaKey(v) && !slices.Contains(s.LeiKa, v) {
				s.LeiKa = append(s.LeiKa, v)
			}
		}
		for _, g := range z.GebietID {
			if a, ok := areaPrefix(strings.TrimSpace(g.Value)); ok && !slices.Contains(s.Areas, a) {
				s.Areas = append(s.Areas, a)
			}
		}
		if len(s.LeiKa) == 0 || len(s.Areas) == 0 {
			continue
		}
		r.Competent = append(r.Competent, s)
		if r.Land == "" {
			r.Land = s.Areas[0][:2]
		}
	}
	return r, len(r.Competent) > 0
}

// german returns the German name, or the first one.
func (n xOrgName) german() string {
	for _, t := range n.Names {
		if strings.HasPrefix(strings.ToLower(t.Lang), "de") && clean(t.Value) != "" {
			return clean(t.Value)
		}
	}
	for _, t := range n.Names {
		if v := clean(t.Value); v != "" {
			return v
		}
	}
	return clean(n.Text)
}

// text returns the plain text of an element's inner markup: the character
// data of its children, one per line, with escaped HTML kept for
// ParseHoursText to strip.
func (x xRawText) text() string {
	dec := xml.NewDecoder(strings.NewReader("<x>" + x.Inner + "</x>"))
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.EndElement:
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// recordID makes a directory id from an XZuFi id: "xzufi-" plus agency and
// id in lower case, with anything but letters and digits as dashes.
func recordID(id xIdent) string {
	v := strings.TrimSpace(id.Value)
	if v == "" {
		return ""
	}
	raw := "xzufi-" + strings.TrimSpace(id.SchemeAgencyID) + "-" + v
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(raw) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b.WriteRune(c)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// areaPrefix turns a Gebiet id into an ARS prefix: a 12-digit ARS loses
// trailing levels that are all zeros ("160740000000" is "16074"); a
// shorter key at a level boundary is taken as it is.
func areaPrefix(s string) (string, bool) {
	if len(s) == 12 && validAreaPrefix(s) {
		for _, n := range []int{2, 3, 5, 9} {
			if strings.Trim(s[n:], "0") == "" {
				return s[:n], true
			}
		}
		return s, true
	}
	return s, validAreaPrefix(s)
}

// isLeiKaKey reports whether s looks like a LeiKa key: 14 digits.
func isLeiKaKey(s string) bool { return len(s) == 14 && allDigits(s) }

// clean collapses white space.
func clean(s string) string { return strings.Join(strings.Fields(s), " ") }
