package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/places"
)

// coverageServices are the services whose coverage `lotse coverage`
// reports, one for each kind of office people visit most, with the kind
// as the row's label.
var coverageServices = []struct{ label, service string }{
	{"Bürgeramt", "personalausweis"},
	{"Jobcenter", "buergergeld"},
	{"Sozialamt", "sozialhilfe"},
	{"Wohngeldstelle", "wohngeld"},
	{"Ausländerbehörde", "aufenthaltserlaubnis"},
	{"Standesamt", "geburt-beurkunden"},
	{"Kfz-Zulassung", "fahrzeug-zulassen"},
	{"Elterngeldstelle", "elterngeld"},
	{"Gesundheitsamt", "gesundheitszeugnis"},
	{"Finanzamt", "steuererklaerung"},
	{"Gemeinde- oder Stadtverwaltung", "beglaubigung"},
}

// coverageRow is one line of `lotse coverage --json`.
type coverageRow struct {
	Label string `json:"label"`
	authorities.Coverage
	RecordShare  float64 `json:"record_share"`  // percent of the population
	ContactShare float64 `json:"contact_share"` // percent with address and phone
	HoursShare   float64 `json:"hours_share"`   // percent with address, phone and hours
}

// cmdCoverage shows, for the most visited kinds of office, the share of
// the population (GV100AD) for whom the directory has a real record, one
// with address and phone, and one with office hours too:
//
//	lotse coverage [--json]
func cmdCoverage(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("coverage", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the table as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("usage: lotse coverage [--json]")
	}
	cat, err := catalog.Load()
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	g, err := places.Load()
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	d, err := authorities.Load()
	if err != nil {
		return fmt.Errorf("coverage: %w", err)
	}
	rows, err := coverage(d, cat, g.All())
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(stdout, rows)
	}
	fmt.Fprintf(stdout, "Population %d (GV100AD). Share of it with a record / with address and phone / with hours too:\n\n", rows[0].Population)
	fmt.Fprintln(stdout, "| office (service) | record | address and phone | and hours |")
	fmt.Fprintln(stdout, "| --- | ---: | ---: | ---: |")
	for _, r := range rows {
		fmt.Fprintf(stdout, "| %s (`%s`) | %.1f %% | %.1f %% | %.1f %% |\n", r.Label, r.Service, r.RecordShare, r.ContactShare, r.HoursShare)
	}
	return nil
}

// coverage computes the rows of coverageServices for the places ps.
func coverage(d *authorities.Directory, cat *catalog.Catalog, ps []places.Place) ([]coverageRow, error) {
	var rows []coverageRow
	for _, s := range coverageServices {
		svc, ok := cat.Service(s.service)
		if !ok {
			return nil, fmt.Errorf("coverage: the catalog has no service %q", s.service)
		}
		c := d.Coverage(svc, ps)
		rows = append(rows, coverageRow{Label: s.label, Coverage: c,
			RecordShare: c.Share(c.Record), ContactShare: c.Share(c.Contact), HoursShare: c.Share(c.Hours)})
	}
	return rows, nil
}
