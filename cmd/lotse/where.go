package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"strings"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/authorities/card"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
)

// errAmbiguousPlace reports a place query that several places match.
var errAmbiguousPlace = errors.New("several places match")

// whereResult is what `lotse where --json` prints.
type whereResult struct {
	Place      places.Place           `json:"place"`
	Service    whereService           `json:"service"`
	Competence authorities.Competence `json:"competence"`
	At         time.Time              `json:"at"`
	Status     *authorities.Status    `json:"status,omitempty"`
	OpenNow    *bool                  `json:"open_now"` // null when the hours are unknown
	Closes     time.Time              `json:"closes,omitzero"`
	Opens      time.Time              `json:"opens,omitzero"`
	Candidates []places.Place         `json:"candidates,omitempty"`
	Card       *card.Card             `json:"card,omitempty"` // what the conversation shows

	lang string
}

type whereService struct {
	ID   string       `json:"id"`
	Name catalog.Text `json:"name"`
}

// cmdWhere shows the competent authority for a service at a place, with
// its contact details and whether it is open:
//
//	lotse where [--json] [--lang de|en] --place QUERY --service ID [--at RFC3339]
func cmdWhere(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("where", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: lotse where [--json] [--lang de|en] --place QUERY --service ID [--at RFC3339]")
		fs.PrintDefaults()
	}
	asJSON := fs.Bool("json", false, "print the result as JSON")
	lang := fs.String("lang", "de", "language of names and hints: a code of locales/languages.toml")
	query := fs.String("place", "", "the place: a name, postcode, AGS or ARS")
	serviceID := fs.String("service", "", "the service id, as `lotse services` lists them")
	atFlag := fs.String("at", "", "the moment for open_now, RFC 3339 (default now)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*query) == "" || strings.TrimSpace(*serviceID) == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("where: give --place and --service")
	}
	if err := checkLang("where", *lang); err != nil {
		return err
	}
	at := time.Now()
	if *atFlag != "" {
		t, err := time.Parse(time.RFC3339, *atFlag)
		if err != nil {
			return fmt.Errorf("where: --at: %w", err)
		}
		at = t
	}

	cat, err := catalog.Load()
	if err != nil {
		return fmt.Errorf("where: %w", err)
	}
	svc, ok := cat.Service(*serviceID)
	if !ok {
		return fmt.Errorf("where: no service %q (see lotse services)", *serviceID)
	}
	g, err := places.Load()
	if err != nil {
		return fmt.Errorf("where: %w", err)
	}
	found := g.Resolve(*query)
	if len(found) == 0 {
		return fmt.Errorf("where: %w for %q", errNoPlace, *query)
	}
	d, err := authorities.Load()
	if err != nil {
		return fmt.Errorf("where: %w", err)
	}
	// A postcode often spans several municipalities; when all of them have
	// the same competent authority, that is the answer.
	if len(found) > 1 && !sameCompetence(d, svc, found) {
		if *asJSON {
			if err := writeJSON(stdout, whereResult{Candidates: found}); err != nil {
				return err
			}
		} else {
			fmt.Fprintf(stdout, "%d places match %q:\n", len(found), *query)
			for _, p := range found {
				fmt.Fprintf(stdout, "  %s  %s, %s, %s\n", p.ARS, p.Name, p.District, p.Land)
			}
			fmt.Fprintln(stdout, "Give a more precise --place: a postcode, the ARS, or the name with its district.")
		}
		return fmt.Errorf("where: %w %q", errAmbiguousPlace, *query)
	}
	p := found[0]
	c := d.Competent(svc, p)
	res := whereResult{Place: p, Service: whereService{ID: svc.ID, Name: svc.Name}, Competence: c, At: at}
	if len(found) > 1 {
		res.Candidates = found
	}
	if c.Record != nil {
		st := c.Record.Hours.At(at, c.Land)
		if st.Known {
			res.Status = &st
			open := st.Open
			res.OpenNow = &open
			res.Closes, res.Opens = st.Until, st.Next
		}
	}
	msgs, err := locales.Load()
	if err != nil {
		return fmt.Errorf("where: %w", err)
	}
	cd := card.Render(msgs, card.Input{
		Competence: c, Service: svc.Name.In(*lang), Place: p.Name, Lang: *lang, Now: at,
		Date: func(d catalog.Date) string { return d.Format(time.DateOnly) },
	})
	res.Card, res.lang = &cd, *lang
	if *asJSON {
		return writeJSON(stdout, res)
	}
	printWhere(stdout, res)
	return nil
}

// sameCompetence reports whether the same record, or the same derived
// body, is competent for svc in every place.
func sameCompetence(d *authorities.Directory, svc *catalog.Service, ps []places.Place) bool {
	first := d.Competent(svc, ps[0])
	for _, p := range ps[1:] {
		c := d.Competent(svc, p)
		if (c.Record == nil) != (first.Record == nil) {
			return false
		}
		if c.Record != nil && c.Record.ID != first.Record.ID {
			return false
		}
		if c.Record == nil && !maps.Equal(c.Body, first.Body) {
			return false
		}
	}
	return true
}

// printWhere writes the facts of the result as labelled lines, then the
// card the conversation shows for it.
func printWhere(w io.Writer, res whereResult) {
	loc, err := authorities.Berlin()
	if err != nil {
		loc = time.UTC
	}
	clock := func(t time.Time) string { return t.In(loc).Format("Mon 2006-01-02 15:04 MST") }
	p, c, lang := res.Place, res.Competence, res.lang
	fmt.Fprintf(w, "place:      %s (AGS %s, ARS %s), %s, %s\n", p.Name, p.AGS, p.ARS, p.District, p.Land)
	if p.Association != "" {
		fmt.Fprintf(w, "            administered by %s %s\n", p.AssociationKind, p.Association)
	}
	for _, other := range res.Candidates[min(1, len(res.Candidates)):] {
		fmt.Fprintf(w, "            the query also matches %s (ARS %s), with the same authority\n", other.Name, other.ARS)
	}
	fmt.Fprintf(w, "service:    %s (%s)\n", res.Service.Name.In(lang), res.Service.ID)
	fmt.Fprintf(w, "authority:  %s\n", c.Body.In(lang))
	fmt.Fprintf(w, "level:      %s, type %s (%s)\n", c.Level, c.Type, c.TypeName.In(lang))
	if c.Derived {
		fmt.Fprintln(w, "record:     none (derived from the rules)")
	} else {
		first := c.Record
		fmt.Fprintf(w, "record:     %s (competent for ARS prefix %s), source %s <%s>, checked %s\n",
			first.ID, c.Area, first.Source.Title, first.Source.URL, first.Checked.Format(time.DateOnly))
		label := "and:       "
		if c.Partial {
			label = "or:        " // candidates, each for a part of the area
		}
		for _, r := range c.Also {
			if r.Source == first.Source && r.Checked == first.Checked {
				fmt.Fprintf(w, "%s %s, same source\n", label, r.ID)
				continue
			}
			fmt.Fprintf(w, "%s %s, source %s <%s>, checked %s\n",
				label, r.ID, r.Source.Title, r.Source.URL, r.Checked.Format(time.DateOnly))
		}
	}
	fmt.Fprintf(w, "at:         %s\n", clock(res.At))
	if st := res.Status; st == nil {
		fmt.Fprintln(w, "open_now:   unknown")
	} else {
		fmt.Fprintf(w, "open_now:   %t\n", st.Open)
		if st.Holiday != "" {
			fmt.Fprintf(w, "holiday:    %s\n", st.Holiday)
		}
		if st.ByAppointment {
			fmt.Fprintln(w, "today:      by appointment")
		}
		if st.Open {
			fmt.Fprintf(w, "closes:     %s\n", clock(st.Until))
		} else if !st.Next.IsZero() {
			fmt.Fprintf(w, "opens:      %s\n", clock(st.Next))
		}
		if !st.NextByAppointment.IsZero() {
			fmt.Fprintf(w, "next appointment day: %s\n", st.NextByAppointment.In(loc).Format("Mon 2006-01-02"))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, res.Card.Text())
}
