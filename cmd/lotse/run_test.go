package main

import (
	"bytes"
	"testing"
)

// runCmd runs the subcommand cmd with args and returns what it wrote to
// stdout and stderr.
func runCmd(t *testing.T, cmd command, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = cmd(t.Context(), args, nil, &out, &errOut)
	return out.String(), errOut.String(), err
}
