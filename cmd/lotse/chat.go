package main

import (
	"context"
	"errors"
	"io"
)

// cmdChat is being built; see the open issue for it.
func cmdChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("chat: not built yet")
}
