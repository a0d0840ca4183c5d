package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCmdWhereSeed(t *testing.T) {
	tests := []struct {
		at      string
		openNow bool
		key     string // "closes" or "opens"
		when    string
	}{
		{"2026-11-24T10:00:00+01:00", true, "closes", "2026-11-24T12:00:00+01:00"},
		{"2026-11-25T10:00:00+01:00", false, "opens", "2026-11-26T08:30:00+01:00"},
		// Ascension Day, a Thursday: closed; next opening on Tuesday (Friday is
		// by appointment only).
		{"2026-05-14T10:00:00+02:00", false, "opens", "2026-05-19T08:30:00+02:00"},
	}
	for _, tt := range tests {
		// 07607 spans four municipalities, all in the Saale-Holzland-Kreis.
		args := []string{"--json", "--place", "07607", "--service", "sozialhilfe", "--at", tt.at}
		stdout, stderr, err := runCmd(t, cmdWhere, args...)
		if err != nil {
			t.Fatalf("cmdWhere(%q): %v (stderr %q)", args, err, stderr)
		}
		var got struct {
			Competence struct {
				Body   map[string]string `json:"body"`
				Record struct {
					Phone string `json:"phone"`
				} `json:"record"`
			} `json:"competence"`
			OpenNow *bool  `json:"open_now"`
			Closes  string `json:"closes"`
			Opens   string `json:"opens"`
		}
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("decode %q: %v", stdout, err)
		}
		if got.Competence.Body["de"] != "Landratsamt Saale-Holzland-Kreis – Sozialamt" || got.Competence.Record.Phone != "036691 70-632" {
			t.Errorf("at %s: got %+v, want the seed record", tt.at, got.Competence)
		}
		if got.OpenNow == nil || *got.OpenNow != tt.openNow {
			t.Errorf("at %s: open_now got %v, want %v", tt.at, got.OpenNow, tt.openNow)
		}
		when := map[string]string{"closes": got.Closes, "opens": got.Opens}[tt.key]
		if when != tt.when {
			t.Errorf("at %s: %s got %q, want %q", tt.at, tt.key, when, tt.when)
		}
	}
}

func TestCmdWhereText(t *testing.T) {
	stdout, _, err := runCmd(t, cmdWhere, "--place", "160745052018", "--service", "sozialhilfe", "--at", "2026-11-24T10:00:00+01:00")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Schulgasse 15, 07607 Eisenberg", "Postfach 1310, 07602 Eisenberg", "036691 70-750", "open_now:   true", "closes:     Tue 2026-11-24 12:00 CET"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestCmdWhereAmbiguousPlace(t *testing.T) {
	// The Neustadts lie in different districts with different offices.
	stdout, _, err := runCmd(t, cmdWhere, "--place", "Neustadt", "--service", "sozialhilfe")
	if !errors.Is(err, errAmbiguousPlace) {
		t.Fatalf("got %v, want errAmbiguousPlace", err)
	}
	if !strings.Contains(stdout, "Neustadt") {
		t.Errorf("got %q, want the candidates listed", stdout)
	}
}

func TestCmdWhereDerived(t *testing.T) {
	stdout, _, err := runCmd(t, cmdWhere, "--lang", "en", "--place", "160530000000", "--service", "sozialhilfe")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"social welfare office of the city of Jena", "115", "open_now:   unknown"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}
