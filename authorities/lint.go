package authorities

import (
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/lotse-de/lotse/internal/yamlfile"
)

// Lint checks the embedded directory as `lotse lint` does; see LintFS.
func Lint(hasService, hasArea func(string) bool, today time.Time) []string {
	return LintFS(content, translations(), hasService, hasArea, today)
}

// LintFS checks every record file of directory/*.yaml in fsys and returns
// one line "directory/<file>: what is wrong" per problem, sorted: a file
// that does not load or is invalid (no source, no date checked, an
// unknown authority type or Land, a bad area key; see Record.Validate), a
// date checked after today, a scope naming a service id that hasService
// does not know, an area that hasArea does not know, and an id used twice.
func LintFS(fsys fs.FS, tr yamlfile.Translations, hasService, hasArea func(string) bool, today time.Time) []string {
	names, err := fs.Glob(fsys, "directory/*.yaml")
	if err != nil {
		return []string{"directory: " + err.Error()}
	}
	var problems []string
	report := func(name, format string, args ...any) {
		problems = append(problems, name+": "+fmt.Sprintf(format, args...))
	}
	seen := map[string]string{}
	for _, name := range names {
		var r Record
		// one file at a time, so that every broken file is reported
		err := yamlfile.Each(fsys, name, tr, func(r *Record) string { return r.ID }, func(_ string, got *Record) { r = *got })
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		if err := r.Validate(); err != nil {
			report(name, "%v", err)
			continue
		}
		if other, dup := seen[r.ID]; dup {
			report(name, "id %q is also used by %s", r.ID, other)
		}
		seen[r.ID] = name
		if r.Checked.After(today) {
			report(name, "checked %s lies in the future", r.Checked.Format(time.DateOnly))
		}
		for i, s := range r.Competent {
			for _, id := range s.Services {
				if !hasService(id) {
					report(name, "scope %d: unknown service %q", i, id)
				}
			}
			for _, a := range s.Areas {
				if !hasArea(a) {
					report(name, "scope %d: no place has area %q", i, a)
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}
