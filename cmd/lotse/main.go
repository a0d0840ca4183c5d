// Command lotse runs the Lotse assistant and its tools. The load tool is a
// command of its own, lotse-load, so that lotse ships without the fake Bot
// API.
//
// Usage:
//
//	lotse chat      talk to the bot in the terminal
//	lotse serve     run the Telegram bot
//	lotse search    search the service catalog
//	lotse services  list all services
//	lotse place     resolve a place
//	lotse where     show the competent authority for a service and place
//	lotse coverage  show for how many people the directory has real authorities
//	lotse lint      check flows, locales and content
//	lotse import    import authority records (XZuFi)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command runs one subcommand with its arguments.
type command func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

var commands = map[string]command{
	"chat":     cmdChat,
	"serve":    cmdServe,
	"search":   cmdSearch,
	"services": cmdServices,
	"place":    cmdPlace,
	"where":    cmdWhere,
	"coverage": cmdCoverage,
	"lint":     cmdLint,
	"import":   cmdImport,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "lotse:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usage(stderr)
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd(ctx, args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) error {
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "usage: lotse <command> [flags]")
	fmt.Fprintln(w, "commands:", names)
	return flag.ErrHelp
}
