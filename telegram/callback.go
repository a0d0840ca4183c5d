package telegram

import (
	"errors"
	"fmt"
	"strings"
)

// MaxCallbackData is the most bytes Telegram allows in callback data.
const MaxCallbackData = 64

// callbackVersion prefixes all callback data this package writes; a change
// of the format gets a new version so old buttons are recognised.
const callbackVersion = "1"

// ErrCallbackData is returned for callback data this package did not write
// or cannot read: another version, another format, too long.
var ErrCallbackData = errors.New("invalid callback data")

// FormatCallbackData encodes a menu and an event as callback data
// "1|<menu>|<event>". It fails with ErrCallbackData when the result would
// exceed MaxCallbackData bytes or a part contains '|' or a control
// character, or the event is empty.
func FormatCallbackData(menu, event string) (string, error) {
	if event == "" || !validPart(menu) || !validPart(event) {
		return "", fmt.Errorf("menu %q event %q: %w", menu, event, ErrCallbackData)
	}
	data := callbackVersion + "|" + menu + "|" + event
	if len(data) > MaxCallbackData {
		return "", fmt.Errorf("menu %q event %q: %d bytes: %w", menu, event, len(data), ErrCallbackData)
	}
	return data, nil
}

// ParseCallbackData decodes data written by FormatCallbackData. It fails
// with ErrCallbackData on anything else.
func ParseCallbackData(data string) (menu, event string, err error) {
	if len(data) > MaxCallbackData {
		return "", "", fmt.Errorf("%d bytes: %w", len(data), ErrCallbackData)
	}
	version, rest, ok := strings.Cut(data, "|")
	if !ok || version != callbackVersion {
		return "", "", ErrCallbackData
	}
	menu, event, ok = strings.Cut(rest, "|")
	if !ok || event == "" || !validPart(menu) || !validPart(event) {
		return "", "", ErrCallbackData
	}
	return menu, event, nil
}

// validPart reports whether s can be a part of callback data: valid UTF-8
// without '|' and control characters.
func validPart(s string) bool {
	for _, r := range s {
		if r == '|' || r < 0x20 || r == 0x7f || r == '\uFFFD' {
			return false
		}
	}
	return true
}
