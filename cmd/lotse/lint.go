package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
)

// cmdLint checks flows, locales, content and the authority directory
// (authorities.Lint: source and date of every record, known service ids,
// areas that exist in places) and prints one line
// "file:line: what is wrong" for each problem. Warnings (a dated value
// that runs out within 60 days without a successor) are printed after the
// problems and do not fail. With -accept <code>, it first records that the
// language's translations are up to date with their German sources
// (locales/<code>/translations.sum, written in the repository's root).
func cmdLint(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	accept := fs.String("accept", "", "record the current German sources of this language's translations, once they are checked")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var problems, warnings []fmt.Stringer
	types := map[string]bool{}
	for t := range authorities.Types {
		types[t] = true
	}
	for _, p := range catalog.Lint(types) {
		if p.Warning {
			warnings = append(warnings, lintProblem("catalog/"+p.String()))
			continue
		}
		problems = append(problems, lintProblem("catalog/"+p.String()))
	}
	for _, p := range locales.Lint() {
		problems = append(problems, p)
	}
	set, err := flows.Load()
	if err != nil {
		return err
	}
	msgs, err := locales.Load()
	if err != nil {
		return err
	}
	cat, err := catalog.Load()
	if err != nil {
		return err
	}
	hasService := func(id string) bool { _, ok := cat.Service(id); return ok }
	for _, p := range set.Lint(msgs.Has, hasService, dialog.Code()) {
		problems = append(problems, p)
	}
	g, err := places.Load()
	if err != nil {
		return err
	}
	for _, p := range authorities.Lint(hasService, areaKeys(g), time.Now()) {
		problems = append(problems, lintProblem("authorities/"+p))
	}
	units, err := locales.MessageUnits(locales.FS())
	if err != nil {
		return err
	}
	units = append(units, cat.Units()...)
	dir, err := authorities.Load()
	if err != nil {
		return err
	}
	dirUnits := dir.Units()
	for _, p := range locales.Untranslated(dirUnits, msgs.Registry().Codes()) {
		problems = append(problems, lintProblem(p))
	}
	units = append(units, dirUnits...)
	if *accept != "" {
		if err := acceptTranslations(msgs.Registry(), units, *accept); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "lint: recorded the sources of the %s translations in %s\n", *accept, locales.SumFile(*accept))
	}
	for _, l := range msgs.Registry().Languages()[1:] {
		sums, err := locales.ReadSums(locales.FS(), l.Code)
		if err != nil {
			return err
		}
		if *accept == l.Code {
			sums = locales.Accept(units, l.Code)
		}
		for _, p := range locales.CheckTranslations(units, l.Code, sums) {
			problems = append(problems, p)
		}
	}
	for _, sit := range cat.Situations() {
		if _, ok := set.Flow(sit.Flow); sit.Flow != "" && !ok {
			problems = append(problems, lintProblem("catalog/situations.yaml: situation "+sit.ID+" names flow "+sit.Flow+", which does not exist"))
		}
	}
	for _, p := range append(problems, warnings...) {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("lint: %d problems", len(problems))
	}
	fmt.Fprintln(stdout, "lint: no problems")
	return nil
}

// areaKeys reports whether an ARS prefix is that of some place: a Land
// (2 digits), Regierungsbezirk (3), Kreis (5), Gemeindeverband (9) or
// Gemeinde (12).
func areaKeys(g *places.Gazetteer) func(string) bool {
	keys := map[string]bool{}
	for _, p := range g.All() {
		for _, n := range []int{2, 3, 5, 9, 12} {
			if len(p.ARS) >= n {
				keys[p.ARS[:n]] = true
			}
		}
	}
	return func(a string) bool { return keys[a] }
}

type lintProblem string

func (p lintProblem) String() string { return string(p) }

// acceptTranslations writes the sum file of language code, recording the
// current German source of each of its translations. It runs in the
// repository's root, where the embedded files come from.
func acceptTranslations(reg *locales.Registry, units []locales.Unit, code string) error {
	if _, ok := reg.Get(code); !ok || code == locales.Source {
		return fmt.Errorf("lint: -accept %s: not a translated language of locales/languages.toml", code)
	}
	if _, err := os.Stat("locales/languages.toml"); err != nil {
		return fmt.Errorf("lint: -accept runs in the repository's root: %w", err)
	}
	return os.WriteFile(locales.SumFile(code), locales.Accept(units, code).Format(code), 0o644)
}
