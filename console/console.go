// Package console is Lotse's terminal adapter: it reads lines from a
// reader, hands them to the engine as one chat, and writes the replies as
// plain text with numbered choices. The user answers with a choice's number
// or label, a /command, free text, or "/location LAT LON" in place of
// sharing a location.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"

	"github.com/lotse-de/lotse/dialog"
)

// Handler runs one turn of a conversation; *dialog.Engine is one.
type Handler interface {
	Handle(ctx context.Context, in dialog.Input) ([]dialog.Reply, error)
}

// Chat is the one chat id the terminal uses.
const Chat = 1

// maxLine is the longest input line read; longer lines are cut.
const maxLine = 64 * 1024

// Session is a terminal conversation.
type Session struct {
	handler Handler
	log     *slog.Logger
	out     io.Writer
	echo    bool
	lang    string
	choices []dialog.Choice
	menu    string
	update  int64
}

// New returns a terminal conversation that writes to out. lang is the
// user's language hint ("de", "en"); with echo, each input line is written
// to out after the prompt, so that a piped conversation reads as a
// dialogue. Turns that fail are logged to log.
func New(h Handler, log *slog.Logger, out io.Writer, lang string, echo bool) *Session {
	return &Session{handler: h, log: log, out: out, lang: lang, echo: echo}
}

// Run greets, then handles the lines of in until it ends or ctx is done.
// Engine errors are written as the apology the engine returns; only a
// failure to read or write ends Run with an error.
func (s *Session) Run(ctx context.Context, in io.Reader) error {
	if err := s.Send(ctx, "/start"); err != nil {
		return err
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), maxLine)
	for {
		if _, err := io.WriteString(s.out, "> "); err != nil {
			return err
		}
		if !sc.Scan() {
			fmt.Fprintln(s.out)
			return sc.Err()
		}
		line := sc.Text()
		if s.echo {
			fmt.Fprintln(s.out, line)
		}
		if err := s.Send(ctx, line); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// Send handles one line of input and writes the replies. A failed turn
// comes with an apology from the engine, which is written; the error is
// logged.
func (s *Session) Send(ctx context.Context, line string) error {
	replies, err := s.handler.Handle(ctx, s.input(line))
	if err != nil {
		s.log.ErrorContext(ctx, "turn failed", slog.Any("err", err))
	}
	for _, r := range replies {
		if err := s.write(r); err != nil {
			return err
		}
	}
	return nil
}

// input turns a line into an Input.
func (s *Session) input(line string) dialog.Input {
	s.update++
	in := dialog.Input{Chat: Chat, UpdateID: s.update, LangHint: s.lang, Kind: dialog.KindText, Text: line}
	trimmed := strings.TrimSpace(line)
	if n, err := strconv.Atoi(trimmed); err == nil && n >= 1 && n <= len(s.choices) {
		c := s.choices[n-1]
		return dialog.Input{Chat: Chat, UpdateID: s.update, LangHint: s.lang, Kind: dialog.KindChoice, Choice: c.Event, Menu: s.menu}
	}
	if !strings.HasPrefix(trimmed, "/") {
		return in
	}
	cmd, arg, _ := strings.Cut(trimmed[1:], " ")
	if cmd == "location" {
		if lat, lon, ok := parseLocation(arg); ok {
			return dialog.Input{Chat: Chat, UpdateID: s.update, LangHint: s.lang, Kind: dialog.KindLocation, Lat: lat, Lon: lon}
		}
	}
	in.Kind, in.Command, in.Text = dialog.KindCommand, cmd, strings.TrimSpace(arg)
	return in
}

// parseLocation reads "LAT LON" or "LAT, LON" in decimal degrees.
func parseLocation(s string) (lat, lon float64, ok bool) {
	fields := strings.Fields(strings.ReplaceAll(s, ",", " "))
	if len(fields) != 2 {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(fields[0], 64)
	lon, err2 := strconv.ParseFloat(fields[1], 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return 0, 0, false
	}
	return lat, lon, true
}

// write prints one reply and remembers its choices for numbered answers.
func (s *Session) write(r dialog.Reply) error {
	var b strings.Builder
	b.WriteString("\n")
	for _, block := range r.Blocks {
		if block.Title != "" {
			b.WriteString("== " + block.Title + " ==\n")
		}
		if block.Text != "" {
			b.WriteString(block.Text + "\n")
		}
		for _, item := range block.Items {
			b.WriteString("  • " + item + "\n")
		}
	}
	if r.Venue != nil {
		fmt.Fprintf(&b, "📍 %s, %s (%.5f, %.5f)\n", r.Venue.Title, r.Venue.Address, r.Venue.Lat, r.Venue.Lon)
	}
	if r.Contact != nil {
		fmt.Fprintf(&b, "☎ %s: %s\n", r.Contact.Name, r.Contact.Phone)
	}
	for i, c := range r.Choices {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, c.Label)
	}
	if r.RequestLocation {
		b.WriteString("📍 /location LAT LON\n")
	}
	if len(r.Choices) > 0 || r.Menu != "" {
		s.choices, s.menu = r.Choices, r.Menu
	}
	_, err := io.WriteString(s.out, b.String())
	return err
}
