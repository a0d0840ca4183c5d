package authorities_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lotse-de/lotse/authorities"
)

const goodRecord = `id: %s
name: Sozialamt
land: "16"
competent:
  - services: [sozialhilfe]
    areas: ["16074"]
source: {title: Test}
checked: 2026-12-01
`

func TestLintFS(t *testing.T) {
	rec := func(id string, edit func(string) string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(edit(strings.ReplaceAll(goodRecord, "%s", id)))}
	}
	same := func(s string) string { return s }
	fsys := fstest.MapFS{
		"directory/good.yaml":       rec("good", same),
		"directory/no-source.yaml":  rec("no-source", func(s string) string { return strings.Replace(s, "source: {title: Test}\n", "", 1) }),
		"directory/no-checked.yaml": rec("no-checked", func(s string) string { return strings.Replace(s, "checked: 2026-12-01\n", "", 1) }),
		"directory/future.yaml":     rec("future", func(s string) string { return strings.Replace(s, "2026-12-01", "2027-01-01", 1) }),
		"directory/service.yaml":    rec("service", func(s string) string { return strings.Replace(s, "[sozialhilfe]", "[no-such-service]", 1) }),
		"directory/area.yaml":       rec("area", func(s string) string { return strings.Replace(s, `"16074"`, `"16999"`, 1) }),
		"directory/type.yaml": rec("type", func(s string) string {
			return strings.Replace(s, "services: [sozialhilfe]", "types: [no-such-type]", 1)
		}),
		"directory/wrong-name.yaml": rec("other", same),
		"directory/broken.yaml":     {Data: []byte("id: broken\nname: [\n")},
	}
	hasService := func(id string) bool { return id == "sozialhilfe" }
	hasArea := func(a string) bool { return a == "16074" }
	today := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	got := authorities.LintFS(fsys, nil, hasService, hasArea, today)
	wants := map[string]string{
		"no-source":  "no source",
		"no-checked": "no date checked",
		"future":     "lies in the future",
		"service":    `unknown service "no-such-service"`,
		"area":       `no place has area "16999"`,
		"type":       `unknown authority type "no-such-type"`,
		"wrong-name": "does not match the file name",
		"broken":     "directory/broken.yaml",
	}
	for file, want := range wants {
		found := false
		for _, p := range got {
			if strings.Contains(p, "directory/"+file+".yaml") && strings.Contains(p, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no problem with %q in\n%s", file, want, strings.Join(got, "\n"))
		}
	}
	for _, p := range got {
		if strings.Contains(p, "good.yaml") {
			t.Errorf("good record reported: %s", p)
		}
	}
	if len(got) != len(wants) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(wants), strings.Join(got, "\n"))
	}
}
