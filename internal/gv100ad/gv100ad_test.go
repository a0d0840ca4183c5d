package gv100ad

import (
	"fmt"
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	// Jena as GV100AD lays it out (key order Land, RB, Kreis, Gemeinde,
	// Verband), padded to 220 characters; names are counted in runes.
	line := fmt.Sprintf("60%s%s%-50s%50s%-2s%4s%11d%11d%11d%4s%-5s%5s%2s%-4s", "20251130", "160530000000", "Jena, Stadt", "", "61", "", 1000, 110000, 0, "", "07743", "*****", "", "4162")
	line += strings.Repeat(" ", 220-len([]rune(line)))
	rows, err := Read(strings.NewReader(line+"\n"+strings.Replace(line, "Jena, Stadt", "Jenalöbnitz", 1)), "test")
	if err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.ARS() != "160530000000" || r.AGS() != "16053000" || r.Name != "Jena, Stadt" || r.Kind != "61" ||
		r.Population != 110000 || r.Postcode != "07743" || r.Finanzamt != "4162" {
		t.Errorf("got %+v", r)
	}
	if rows[1].Name != "Jenalöbnitz" || rows[1].Finanzamt != "4162" {
		t.Errorf("a name with an umlaut shifts the columns: %+v", rows[1])
	}
	for name, bad := range map[string]string{
		"short line": "60 too short",
		"population": strings.Replace(line, "     110000", "      1x000", 1),
	} {
		if _, err := Read(strings.NewReader(bad), "test"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
