package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
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
		var stdout, stderr bytes.Buffer
		// 07607 spans four municipalities, all in the Saale-Holzland-Kreis.
		args := []string{"--json", "--place", "07607", "--service", "sozialhilfe", "--at", tt.at}
		if err := cmdWhere(context.Background(), args, nil, &stdout, &stderr); err != nil {
			t.Fatalf("cmdWhere(%q): %v (stderr %q)", args, err, stderr.String())
		}
		var got struct {
			Competence struct {
				Body   struct{ DE string } `json:"body"`
				Record struct {
					Phone string `json:"phone"`
				} `json:"record"`
			} `json:"competence"`
			OpenNow *bool  `json:"open_now"`
			Closes  string `json:"closes"`
			Opens   string `json:"opens"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
			t.Fatalf("decode %q: %v", stdout.String(), err)
		}
		if got.Competence.Body.DE != "Landratsamt Saale-Holzland-Kreis – Sozialamt" || got.Competence.Record.Phone != "036691 70-632" {
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
	var stdout, stderr bytes.Buffer
	args := []string{"--place", "160745052018", "--service", "sozialhilfe", "--at", "2026-11-24T10:00:00+01:00"}
	if err := cmdWhere(context.Background(), args, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Schulgasse 15, 07607 Eisenberg", "Postfach 1310, 07602 Eisenberg", "036691 70-750", "open_now:   true", "closes:     Tue 2026-11-24 12:00 CET"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestCmdWhereAmbiguousPlace(t *testing.T) {
	var stdout, stderr bytes.Buffer
	// The Neustadts lie in different districts with different offices.
	err := cmdWhere(context.Background(), []string{"--place", "Neustadt", "--service", "sozialhilfe"}, nil, &stdout, &stderr)
	if !errors.Is(err, errAmbiguousPlace) {
		t.Fatalf("got %v, want errAmbiguousPlace", err)
	}
	if !strings.Contains(stdout.String(), "Neustadt") {
		t.Errorf("got %q, want the candidates listed", stdout.String())
	}
}

func TestCmdWhereDerived(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := cmdWhere(context.Background(), []string{"--lang", "en", "--place", "160530000000", "--service", "sozialhilfe"}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"social welfare office of the city of Jena", "115", "open_now:   unknown"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
}

func TestCmdImportXZuFi(t *testing.T) {
	in := filepath.Join("..", "..", "authorities", "testdata", "xzufi-sample-schreibe.xml")
	var stdout, stderr bytes.Buffer
	if err := cmdImport(context.Background(), []string{"xzufi", in}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "id: xzufi-s99999-oe-4711") {
		t.Errorf("stdout: got %q", stdout.String())
	}
	dir := t.TempDir()
	if err := cmdImport(context.Background(), []string{"xzufi", in, "--out", dir}, nil, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "xzufi-s99999-oe-4711.yaml"))
	if err != nil || !strings.Contains(string(b), "phone: 0000 000-100") {
		t.Errorf("--out file: got %q, %v", b, err)
	}
	if err := cmdImport(context.Background(), []string{"csv", in}, nil, &stdout, &stderr); err == nil {
		t.Error("unknown format: got no error")
	}
}
