package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCmdImportXZuFi(t *testing.T) {
	in := filepath.Join("..", "..", "authorities", "testdata", "xzufi-sample-schreibe.xml")
	stdout, _, err := runCmd(t, cmdImport, "xzufi", in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout, "id: xzufi-s99999-oe-4711") {
		t.Errorf("stdout: got %q", stdout)
	}
	dir := t.TempDir()
	if _, _, err := runCmd(t, cmdImport, "xzufi", in, "--out", dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "xzufi-s99999-oe-4711.yaml"))
	if err != nil || !strings.Contains(string(b), "phone: 0000 000-100") {
		t.Errorf("--out file: got %q, %v", b, err)
	}
	if _, _, err := runCmd(t, cmdImport, "csv", in); err == nil {
		t.Error("unknown format: got no error")
	}
}
